import assert from "node:assert/strict";
import { after, test } from "node:test";
import { ControlCounters, InterruptSignals } from "./control-buffer";
import { CONTROL_SIGNALS } from "./protocol";

const isolated = globalThis as { crossOriginIsolated?: boolean };

test("a page that is not cross-origin isolated gets no interrupt buffer", () => {
  isolated.crossOriginIsolated = false;
  assert.equal(InterruptSignals.create(), undefined);
});

test("Stop always wins the signal slot; a rerun never overwrites it", () => {
  isolated.crossOriginIsolated = true;
  const signals = InterruptSignals.create();
  assert.ok(signals);
  after(() => signals.dispose());
  const slots = new Int32Array(signals.buffer);
  const counters = new ControlCounters(signals.buffer);

  signals.signal("rerun");
  assert.equal(slots[0], CONTROL_SIGNALS.rerun);
  signals.signal("stop");
  assert.equal(slots[0], CONTROL_SIGNALS.stop);
  signals.signal("rerun");
  assert.equal(slots[0], CONTROL_SIGNALS.stop);
  assert.equal(counters.signalled(), 3);

  counters.markReceived();
  assert.equal(counters.received(), 1);
  counters.giveUpOn(3); // the frontend went away: never wait for the other two
  assert.equal(counters.received(), 3);
  counters.giveUpOn(2); // never counts backwards
  assert.equal(counters.received(), 3);
});

test("signalAgain only fills an empty slot", () => {
  const buffer = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT); // no page ticker writing to it
  const slots = new Int32Array(buffer);
  const counters = new ControlCounters(buffer);
  counters.signalAgain(CONTROL_SIGNALS.rerun);
  assert.equal(slots[0], CONTROL_SIGNALS.rerun);
  counters.signalAgain(CONTROL_SIGNALS.tick);
  assert.equal(slots[0], CONTROL_SIGNALS.rerun);
});
