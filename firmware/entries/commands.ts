// The console commands file (Storage "pacer.cmd"): evaluated by the resident
// firmware only while a command runs; it hands over its factory and is gone.
import { commands } from '../commands';

global.pacerCmd = commands;
