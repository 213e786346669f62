import { COMMAND_HELP } from './commands';

export function HelpPanel() {
  return (
    <table className="help">
      <tbody>
        {COMMAND_HELP.map(([cmd, what]) => (
          <tr key={cmd}>
            <th scope="row" className="accent">
              {cmd}
            </th>
            <td>{what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
