// x0 in the stepper: at the jump it holds the placed dtb; with a devicetree given, a link to it.
import { useStore } from '../../state/store';

export function DtbRegister({ value }: { value: string }) {
  const loaded = useStore((s) => !!s.devicetree);
  const setTab = useStore((s) => s.setTab);
  if (!loaded || !/^0x[0-9a-f]+$/.test(value)) return <>{value}</>;
  return (
    <a
      href="#devicetree"
      onClick={(e) => {
        e.preventDefault();
        setTab('layout');
        requestAnimationFrame(() => document.getElementById('devicetree')?.scrollIntoView());
      }}
      title="the devicetree the second kernel gets"
    >
      {value} (devicetree)
    </a>
  );
}
