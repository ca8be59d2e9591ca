// A full garbage collection from inside the bench (no --expose-gc needed), so one measure does not
// pay for the previous one's garbage.
import v8 from 'node:v8';
import vm from 'node:vm';

export function gc(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}
