/** A determinate progress bar that screen readers can read (role=progressbar with aria values). */

export function ProgressBar({ percent, label, testId }: { percent: number; label: string; testId: string }) {
  return (
    <div class="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={`${percent} %`} data-testid={testId}>
      <div class="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
