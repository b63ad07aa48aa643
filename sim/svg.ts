// PLACEHOLDER: the timeline plot is being written by a helper.
import { Protocol } from '../firmware/core/types';
import { TraceEvent } from './trace';
export interface TimelineOptions { protocol: Protocol; endMs: number; title: string }
export function timelineSvg(_events: TraceEvent[], _o: TimelineOptions): string { return '<svg xmlns="http://www.w3.org/2000/svg"/>'; }
