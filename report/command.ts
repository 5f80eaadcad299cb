// `clv docs generate|serve` for the product: the generic docs command with the CLV report page.
import { docsCommand } from '../runner/docs/command.js';
import { clvReportPage } from './page.js';

export const clvDocsCommand = docsCommand([clvReportPage]);
