import { render } from 'preact';

function App() {
  return <main>Contrechamp</main>;
}

render(<App />, document.getElementById('app')!);
