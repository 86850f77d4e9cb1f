// The shortcut sheet (?) and the glossary.
import { useStore } from '../../state/store';
import { GLOSSARY } from '../glossary';
import { Dialog } from './Dialog';

export const SHORTCUTS: Array<[string, string]> = [
  ['?', 'this sheet'],
  ['1 / 2 / 3', 'Inspect / Lay out / Step'],
  ['t', 'start the guided tour'],
  ['Tab, Shift+Tab', 'move between controls; focus is always outlined'],
  ['↑ ↓ ← →', 'field tree: move, expand, collapse; hex view: move the cursor'],
  ['Shift + arrows', 'hex view: extend the byte selection'],
  ['PgUp / PgDn', 'hex view: a screen up or down'],
  ['Home / End', 'hex view: start / end of the row (Ctrl: of the file)'],
  ['g', 'hex view: go to an offset (hex 0x… or decimal)'],
  ['← / →', 'Step view: previous / next phase'],
  ['Enter / Space', 'activate a segment on the map or a row'],
  ['Esc', 'close a dialog'],
];

export function HelpDialogs() {
  const shortcuts = useStore((s) => s.shortcutsOpen);
  const setShortcuts = useStore((s) => s.setShortcutsOpen);
  const term = useStore((s) => s.glossaryTerm);
  const openGlossary = useStore((s) => s.openGlossary);
  return (
    <>
      {shortcuts && (
        <Dialog title="Keyboard shortcuts" onClose={() => setShortcuts(false)} testId="shortcuts">
          <table className="shortcuts">
            <tbody>
              {SHORTCUTS.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">
                    <kbd>{k}</kbd>
                  </th>
                  <td>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Dialog>
      )}
      {term !== undefined && (
        <Dialog title="Glossary" onClose={() => openGlossary(undefined)} testId="glossary">
          <dl className="glossary">
            {Object.entries(GLOSSARY).map(([k, v]) => (
              <div key={k} className={k === term ? 'current' : ''} ref={(el) => (k === term ? el?.scrollIntoView({ block: 'nearest' }) : undefined)}>
                <dt id={`glossary-${k}`}>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </Dialog>
      )}
    </>
  );
}
