/** k6's default `--summary-trend-stats`: the keys of a trend in `--summary-export`. */
export const K6_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
const PERCENTILE = /^p\((\d+(?:\.\d+)?)\)$/;
/**
 * One k6 trend statistic by its `--summary-trend-stats` name: avg, min, med, max, count, or p(N)
 * with N a percentage (`p(99.9)`). Unknown names throw, as k6 rejects them at startup.
 */
export function trendStat(trend, stat) {
    switch (stat) {
        case 'avg':
            return trend.avg;
        case 'min':
            return trend.min;
        case 'med':
            return trend.percentile(0.5);
        case 'max':
            return trend.max;
        case 'count':
            return trend.count;
    }
    const m = PERCENTILE.exec(stat);
    const percent = m ? Number(m[1]) : NaN;
    if (!(percent >= 0 && percent <= 100))
        throw new RangeError(`unknown trend stat '${stat}'`);
    return trend.percentile(percent / 100);
}
