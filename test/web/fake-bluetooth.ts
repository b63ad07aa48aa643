// A fake navigator.bluetooth, injected into the page before it loads
// (page.addInitScript): one device, "Puck.js fake", with the Nordic UART
// service; TX (6e400002) takes writes of at most 20 bytes, RX (6e400003)
// notifies in 20-byte packets. Every write goes to Node through
// window.__pacerBle (page.exposeFunction), to a FakePacer, and what the pacer
// prints comes back as notifications (flow control's XON a little later, as
// the device sends it; a link lost right after a write that went through, when
// the pacer says so). 'cancel' makes the chooser fail as
// when the user closes it; 'absent' removes Web Bluetooth altogether.
// Pairing, as a pacer with a secret demands it (NRF.setSecurity with a
// passkey: the UART only on a paired, encrypted link): when the pacer says a
// link must pair, the first RX/TX operation opens "the system's pairing
// dialog", which types window.__fakePairing (undefined or null: the user
// cancels it); a wrong or cancelled pairing fails that operation as Chrome
// does ("Authentication failed." / "Authentication canceled.", NetworkError)
// and the UART carries nothing. A pairing is kept (bonded) by the pacer.
// This function is serialised into the page: it may use nothing from outside.
export type FakeMode = 'device' | 'cancel' | 'absent';

export function installFakeBluetooth(mode: FakeMode): void {
  const SERVICE = '6e400001-b5a3-f393-e0a9-e50e24dcca9e';
  const TX = '6e400002-b5a3-f393-e0a9-e50e24dcca9e';
  const RX = '6e400003-b5a3-f393-e0a9-e50e24dcca9e';
  const w = window as unknown as Record<string, any>;
  if (mode === 'absent') {
    delete (Navigator.prototype as unknown as Record<string, unknown>).bluetooth;
    delete (navigator as unknown as Record<string, unknown>).bluetooth;
    return;
  }
  const bridge = (msg: unknown) => w.__pacerBle(msg) as Promise<{ out: number[]; drop: boolean; later?: number[]; dropAfter?: boolean; needsPairing?: boolean; paired?: boolean }>;
  const log: { requests: unknown[]; writes: number; maxWrite: number; pairings: Array<string | null> } = { requests: [], writes: 0, maxWrite: 0, pairings: [] };
  w.__fakeBle = log;
  let connected = false;
  let mustPair = false;
  // the system's pairing dialog, on the first protected operation of a link that must pair
  const paired = async () => {
    if (!mustPair) return;
    const key = typeof w.__fakePairing === 'string' ? (w.__fakePairing as string) : null;
    log.pairings.push(key);
    const r = await bridge({ op: 'pair', passkey: key });
    if (!r.paired) throw new DOMException(key === null ? 'Authentication canceled.' : 'Authentication failed.', 'NetworkError');
    mustPair = false;
  };
  const device = new EventTarget() as EventTarget & Record<string, any>;
  device.id = 'fake-puck';
  device.name = 'Puck.js fake';
  const lost = () => {
    if (!connected) return;
    connected = false;
    setTimeout(() => device.dispatchEvent(new Event('gattserverdisconnected')), 0);
  };
  const disconnectedError = () => new DOMException('GATT Server is disconnected. Cannot perform GATT operations.', 'NetworkError');
  // a new connection gets new attribute objects (the Web Bluetooth spec drops the old ones on
  // disconnection): listeners left on the old RX characteristic hear nothing any more
  let service: Record<string, any> = {};
  const attributes = () => {
    const rx = new EventTarget() as EventTarget & Record<string, any>;
    rx.uuid = RX;
    rx.value = null;
    rx.startNotifications = async () => {
      await paired();
      return rx;
    };
    const tx = new EventTarget() as EventTarget & Record<string, any>;
    tx.uuid = TX;
    // one write at a time, as the GATT server takes them
    let queue: Promise<unknown> = Promise.resolve();
    tx.writeValue = (data: ArrayBuffer | ArrayBufferView) => {
      const bytes = Array.from(data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      const run = queue.then(async () => {
        if (!connected) throw disconnectedError();
        await paired();
        if (bytes.length > 20) throw new DOMException(`${bytes.length} bytes: more than the 20 a packet holds`, 'InvalidModificationError');
        log.writes++;
        log.maxWrite = Math.max(log.maxWrite, bytes.length);
        const r = await bridge({ op: 'write', bytes });
        if (r.drop) {
          lost();
          throw disconnectedError();
        }
        const notify = (out: number[]) => {
          for (let i = 0; i < out.length && connected; i += 20) {
            rx.value = new DataView(new Uint8Array(out.slice(i, i + 20)).buffer);
            rx.dispatchEvent(new Event('characteristicvaluechanged'));
          }
        };
        if (r.out.length) setTimeout(() => notify(r.out), 0);
        if (r.later && r.later.length) setTimeout(() => notify(r.later as number[]), 20);
        // the write went through; the link goes right after (this write's promise resolves first)
        if (r.dropAfter) setTimeout(lost, 0);
      });
      queue = run.catch(() => {});
      return run;
    };
    service = {
      uuid: SERVICE,
      device,
      getCharacteristic: async (uuid: string) => {
        if (!connected) throw disconnectedError();
        if (uuid === RX) return rx;
        if (uuid === TX) return tx;
        throw new DOMException(`No Characteristics matching UUID ${uuid} found in Service.`, 'NotFoundError');
      },
    };
    return service;
  };
  const gatt = {
    device,
    get connected() {
      return connected;
    },
    connect: async () => {
      const r = await bridge({ op: 'connect' });
      mustPair = Boolean(r.needsPairing);
      attributes();
      connected = true;
      return gatt;
    },
    disconnect: () => {
      if (!connected) return;
      void bridge({ op: 'disconnect' });
      lost();
    },
    getPrimaryService: async (uuid: string) => {
      if (!connected) throw disconnectedError();
      if (uuid !== SERVICE) throw new DOMException(`No Services matching UUID ${uuid} found in Device.`, 'NotFoundError');
      return service;
    },
  };
  device.gatt = gatt;
  const bluetooth = {
    getAvailability: async () => true,
    requestDevice: async (options: unknown) => {
      log.requests.push(options);
      if (mode === 'cancel') throw new DOMException('User cancelled the requestDevice() chooser.', 'NotFoundError');
      return device;
    },
  };
  Object.defineProperty(navigator, 'bluetooth', { value: bluetooth, configurable: true });
}
