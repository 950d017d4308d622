import { Component, useEffect, type ReactNode } from 'react';

interface Props { name: string; children: ReactNode; onError?: (error: Error) => void; /** A new value (another document) clears the error and draws again. */ resetKey?: unknown }
interface State { error: Error | null }

/**
 * An error boundary around one region of the page (canvas, summary, inspector, a panel, the
 * library): a region that throws while rendering shows what failed and a way to try again,
 * while the rest of the app keeps working. Without it one throw unmounts the whole React root.
 */
export class RegionBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: Error): void {
    this.props.onError?.(error);
  }

  componentDidUpdate(prev: Props): void {
    if (this.state.error && prev.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="region-error" role="alert" data-testid={`region-error-${this.props.name}`}>
        <span>The {this.props.name} could not be drawn: {error.message.slice(0, 200)}</span>
        <button type="button" className="tool-button" onClick={() => this.setState({ error: null })}>Try again</button>
      </div>
    );
  }
}

/**
 * Calls `onRendered` once the region it sits in has put `selector` on the page and kept it for
 * two more frames with this `renderKey`: when the region throws, the boundary unmounts this too
 * and the call never comes.
 */
export function RenderedSignal({ renderKey, onRendered, selector }: { renderKey: unknown; onRendered: () => void; selector: string }) {
  useEffect(() => {
    let frame = 0;
    let settled = 0;
    const tick = () => {
      if (document.querySelector(selector)) settled++;
      if (settled >= 3) { onRendered(); return; }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [renderKey, onRendered, selector]);
  return null;
}
