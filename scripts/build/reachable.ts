/** A walk of a directed graph given by its edges, shared by the build's module and file graphs. */

/** Every node reached from `starts` (the starts included) by following `next`, each visited once. */
export function reachable(starts: Iterable<string>, next: (node: string) => Iterable<string>): Set<string> {
  const reached = new Set<string>();
  const queue = [...starts];
  for (let node = queue.pop(); node !== undefined; node = queue.pop()) {
    if (reached.has(node)) continue;
    reached.add(node);
    queue.push(...next(node));
  }
  return reached;
}
