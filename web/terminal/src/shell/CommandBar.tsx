/// The command bar: brand, the command line, its feedback, and the
/// connection indicator (visible at all times).
import { useState, type FormEvent } from 'react';
import { ConnectionIndicator } from '../status/ConnectionIndicator';
import { parseCommand, type Command } from './commands';

export function CommandBar({ onCommand }: { onCommand(cmd: Command): void }) {
  const [text, setText] = useState('');
  const [message, setMessage] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cmd = parseCommand(text);
    if (cmd.type === 'error') {
      setMessage(cmd.message);
      return;
    }
    setMessage('');
    setText('');
    onCommand(cmd);
  };

  return (
    <header className="cmdbar">
      <span className="brand">QUANTDESK<span className="accent"> PRO</span></span>
      <form className="cmd-form" onSubmit={submit}>
        <span className="prompt" aria-hidden="true">
          &gt;
        </span>
        <input
          className="cmd-input"
          aria-label="Command"
          placeholder="QM · CHART BTC · HELP"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      </form>
      <span className="cmd-msg" role="alert">
        {message}
      </span>
      <ConnectionIndicator />
    </header>
  );
}
