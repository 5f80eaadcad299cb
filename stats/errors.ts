// Input data that a model cannot accept (t_x > T, non-integer x, ...). A ClvError so the CLI prints it
// with its location and exits 2, and the DAG turns it into a node error like any other.
import { ClvError } from '../runner/errors.js';

export class StatsInputError extends ClvError {}
