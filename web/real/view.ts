// The real pacer's half of the page: connect, live status, send protocol and
// settings, read the log (shown, and offered as CSV), flash. Every failure is
// one clear message; the buttons only offer what can be done now.
import { Status } from '../../firmware/core/types';
import { FIRMWARE } from '../embedded';
import { SetupForm } from '../setup-form';
import { boardText, PacerLink } from './pacer-link';
import { EspruinoLink, LinkError } from './transport';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** How often the status is read while connected and nothing else is going on. */
export const POLL_MS = 2000;

export class RealView {
  private link = new EspruinoLink();
  private pacer = new PacerLink(this.link);
  private busy = false;
  private poller: number | null = null;
  private csvUrl: string | null = null;

  constructor(private readonly form: SetupForm) {
    this.link.onLost = () => {
      this.stopPolling();
      this.show('error', 'The pacer disconnected. Connect again when it is in range.');
      this.refreshButtons();
    };
    $('r-connect').addEventListener('click', () => this.connect());
    $('r-disconnect').addEventListener('click', () => this.run('Disconnecting', async () => {
      await this.link.disconnect();
      return 'Disconnected.';
    }));
    $('r-push').addEventListener('click', () => this.push());
    $('r-log').addEventListener('click', () => this.pullLog());
    $('r-flash').addEventListener('click', () => this.flash());
    this.refreshButtons();
  }

  private show(kind: 'ok' | 'error' | 'busy', text: string): void {
    const m = $('r-msg');
    m.className = `msg ${kind}`;
    m.dataset.kind = kind;
    m.textContent = text;
  }

  private refreshButtons(): void {
    const on = this.link.connected;
    $<HTMLButtonElement>('r-connect').disabled = on || this.busy;
    for (const id of ['r-disconnect', 'r-push', 'r-log', 'r-flash']) $<HTMLButtonElement>(id).disabled = !on || this.busy;
    $('r-conn').textContent = on ? `connected to ${this.link.deviceName}` : 'not connected';
    if (!on) for (const id of ['r-board', 'r-state', 'r-phase', 'r-pumps', 'r-batt']) $(id).textContent = '–';
  }

  /** One operation at a time; its failure is shown, whatever it was. */
  private async run(what: string, work: () => Promise<string>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.refreshButtons();
    this.show('busy', `${what}…`);
    try {
      this.show('ok', await work());
    } catch (e) {
      this.show('error', message(e, what));
    } finally {
      this.busy = false;
      this.refreshButtons();
    }
  }

  private connect(): void {
    // the chooser must open inside this click: no await before link.connect()
    const connecting = this.link.connect();
    void this.run('Connecting', async () => {
      await connecting;
      this.pacer.board = null;
      const removed = await this.pacer.cleanStaging();
      const board = await this.pacer.readBoard();
      $('r-board').textContent = boardText(board);
      $('r-board').dataset.board = board.board;
      const st = await this.readStatus();
      this.startPolling();
      const note = removed ? ' (the files of an unfinished flash were removed)' : '';
      return st ? `Connected to ${this.link.deviceName}${note}.` : `Connected to ${this.link.deviceName}, but it has no pacer firmware: flash it${note}.`;
    });
  }

  private async readStatus(): Promise<Status | null> {
    const st = await this.pacer.status();
    $('r-state').textContent = st ? st.state : 'no pacer firmware';
    $('r-phase').textContent = st && (st.state === 'running' || st.state === 'paused') ? `${st.phase + 1}: ${st.phaseId}` : '–';
    $('r-pumps').textContent = st ? String(st.n) : '–';
    $('r-batt').textContent = st && st.batt >= 0 ? `${st.batt} %` : st ? 'not read yet (a press reads it)' : '–';
    $('r-state').dataset.state = st ? st.state : '';
    $('r-pumps').dataset.n = st ? String(st.n) : '';
    return st;
  }

  private startPolling(): void {
    this.stopPolling();
    this.poller = window.setInterval(() => {
      if (this.busy || !this.link.connected) return;
      this.readStatus().catch((e) => {
        if (this.link.connected) this.show('error', message(e, 'Reading the status'));
      });
    }, POLL_MS);
  }

  private stopPolling(): void {
    if (this.poller !== null) window.clearInterval(this.poller);
    this.poller = null;
  }

  private push(): void {
    const setup = this.form.read();
    if (!setup) {
      this.show('error', 'The protocol and settings have errors (shown next to each field): nothing was sent.');
      return;
    }
    void this.run('Sending the protocol and settings', async () => {
      const r = await this.pacer.push(setup);
      await this.readStatus();
      return `Stored on the pacer: protocol ${r.protocol}, ${r.settings.ppm} pumps a minute.`;
    });
  }

  private pullLog(): void {
    void this.run('Reading the session log', async () => {
      const setup = this.form.read();
      const log = await this.pacer.log(setup && !setup.builtIn ? setup.protocol : undefined);
      const pre = $('r-log-text');
      pre.hidden = false;
      pre.textContent = log.text || '(no session logged yet)';
      if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
      this.csvUrl = URL.createObjectURL(new Blob([log.csv], { type: 'text/csv' }));
      const a = $<HTMLAnchorElement>('r-csv');
      a.href = this.csvUrl;
      a.hidden = false;
      return `${log.sessions.length} session${log.sessions.length === 1 ? '' : 's'} read from the pacer.`;
    });
  }

  private flash(): void {
    void this.run('Flashing the firmware', async () => {
      const st = await this.pacer.flash(FIRMWARE, (done, total) => this.show('busy', `Flashing the firmware… ${Math.round((done / total) * 100)} %`));
      await this.readStatus();
      return `Firmware ${FIRMWARE.build} flashed and started (pacer ${st.state}).`;
    });
  }
}

/** A failure as the therapist reads it: what was being done, what happened, what state the pacer is in. */
export function message(e: unknown, what: string): string {
  if (!(e instanceof LinkError)) return `${what} failed: ${(e as Error).message ?? String(e)}`;
  switch (e.kind) {
    case 'disconnected':
      return `The pacer disconnected while ${lower(what)}. What was cut off was not applied: the pacer is as it was. Connect again.`;
    case 'uncertain':
      return `The pacer disconnected while ${lower(what)}, after the whole command had reached it but before it answered: it may have been applied. Connect again to check what the pacer has.`;
    case 'garbage':
    case 'timeout':
      return `${what} failed: ${e.message}`;
    default:
      return e.message;
  }
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
