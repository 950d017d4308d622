import { useEffect, useState } from 'react';
import { parseNumberText } from './parseNumber';

/**
 * A number box that keeps what the user typed. Every parsable value goes to `onValue`, which
 * commits it and returns null, or refuses it and returns the reason; a refused or unparsable text
 * stays in the box, marked invalid, and the document keeps its last good value.
 */
export function NumberInput({
  id, value, onValue, label, onBlur, testId, onError,
}: {
  id: string;
  value: number | undefined;
  onValue: (n: number) => string | null;
  label: string;
  onBlur?: () => void;
  testId?: string;
  onError?: (message: string | null) => void;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const [invalid, setInvalid] = useState(false);

  // Follow outside changes (undo, a fix) unless the box already shows that value.
  useEffect(() => {
    setText((t) => (parseNumberText(t) === value ? t : value === undefined ? '' : String(value)));
    setInvalid(false);
    onError?.(null);
  }, [value]);

  function onChange(next: string) {
    setText(next);
    const n = parseNumberText(next);
    const problem = n === null ? `${label}: “${next}” is not a number` : onValue(n);
    setInvalid(problem !== null);
    onError?.(problem);
  }

  return (
    <input
      id={id}
      className={`num-input${invalid ? ' is-invalid' : ''}`}
      type="text"
      inputMode="decimal"
      aria-label={label}
      aria-invalid={invalid}
      value={text}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onBlur}
      data-testid={testId}
    />
  );
}
