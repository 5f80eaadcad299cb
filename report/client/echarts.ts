/// <reference lib="dom" />
// ECharts, tree-shaken to what the report draws, rendered as SVG: crisp in screenshots and print, and
// every mark is a DOM node the browser tests can count.
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, HeatmapChart, LineChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, TitleComponent, SVGRenderer]);

export { echarts };

/** Okabe & Ito (2008): distinguishable under the common color-vision deficiencies. */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
/** viridis: perceptually uniform and color-blind safe, for heatmaps. */
export const VIRIDIS = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
