import { useEffect, useState } from 'react';

export interface ChartPalette {
  /** One colour per series (columns), readable on the theme's surface. */
  series: string[];
  grid: string;
  axis: string;
}

const SERIES = 8;

/**
 * The theme's chart colours, read from CSS variables. Chart libraries draw SVG with
 * presentation attributes, which do not resolve var(), so the values are read here
 * and read again when the theme changes.
 */
export function useChartPalette(): ChartPalette {
  const [palette, setPalette] = useState(readPalette);
  useEffect(() => {
    const observer = new MutationObserver(() => setPalette(readPalette()));
    observer.observe(document.documentElement, { attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return palette;
}

function readPalette(): ChartPalette {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    series: Array.from({ length: SERIES }, (_, i) => v(`--chart-${i + 1}`)),
    grid: v('--border'),
    axis: v('--muted'),
  };
}
