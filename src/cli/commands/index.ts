// Every command, in the order `zboot-explorer --help` lists them. A new command is a file in this
// folder exporting defineCommand({...}) and one line here.
import type { Command } from '../command';
import dtb from './dtb';
import emulate from './emulate';
import extract from './extract';
import inspect from './inspect';
import layout from './layout';
import phases from './phases';

export const COMMANDS: Command[] = [inspect, extract, layout, dtb, phases, emulate];
