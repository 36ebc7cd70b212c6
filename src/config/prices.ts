import { projectPath } from './project-root.js';
import { readJsonFile, validate, ValidationError } from './schema.js';
import { listProfileNames, loadProfile } from './profiles.js';

export const PRICES_FILE = 'models/profiles/prices/on-demand.json';
export const PRICES_SCHEMA = 'models/profiles/prices/prices.schema.json';

export interface Price {
  readonly billing: 'instance-hour' | 'vcpu-and-gib-hour' | 'not-for-sale';
  readonly usdPerHour?: number;
  readonly usdPerVcpuHour?: number;
  readonly usdPerGiBHour?: number;
  readonly region: string;
  readonly recorded: string;
  readonly verifiedOnline?: boolean;
  readonly source: string;
  readonly note?: string;
}

export interface PriceTable {
  readonly currency: 'USD';
  readonly hoursPerMonth: number;
  readonly hoursPerMonthSource: string;
  readonly prices: Readonly<Record<string, Price>>;
}

/** One line of a configuration's bill: `count` of a profile, e.g. 3 app tasks on fargate-1vcpu. */
export interface BillLine {
  /** What the line is for, e.g. "app task" or "Redis node". */
  readonly role: string;
  readonly profile: string;
  readonly count: number;
  /** Sizes billed per vCPU and GiB (Fargate): default the profile's own. */
  readonly vcpus?: number;
  readonly memoryGiB?: number;
}

export interface PricedLine extends BillLine {
  readonly usdPerHour: number;
  readonly usdPerMonth: number;
}

let cached: PriceTable | undefined;

/** The table, checked against its schema, with a price for every profile on disk. */
export function loadPrices(): PriceTable {
  if (cached) return cached;
  const table = validate<PriceTable>(PRICES_SCHEMA, readJsonFile(projectPath(PRICES_FILE), PRICES_FILE), PRICES_FILE);
  for (const name of listProfileNames()) {
    if (!Object.hasOwn(table.prices, name)) throw new ValidationError(PRICES_FILE, `prices.${name}`, `missing: every profile in models/profiles needs a price entry`);
  }
  for (const name of Object.keys(table.prices)) {
    if (!listProfileNames().includes(name)) throw new ValidationError(PRICES_FILE, `prices.${name}`, 'names no profile in models/profiles');
  }
  cached = table;
  return table;
}

/** Hourly price of one line; throws for a profile that cannot be bought (local). */
export function hourlyPrice(line: BillLine, table: PriceTable = loadPrices()): number {
  const price = table.prices[line.profile];
  if (!price) throw new Error(`no price for profile "${line.profile}" in ${PRICES_FILE}`);
  if (price.billing === 'not-for-sale') throw new Error(`profile "${line.profile}" is not for sale (${price.source})`);
  if (price.billing === 'instance-hour') return line.count * price.usdPerHour!;
  const profile = loadProfile(line.profile);
  const vcpus = line.vcpus ?? profile.vcpus;
  const gib = line.memoryGiB ?? profile.memoryGiB;
  return line.count * (vcpus * price.usdPerVcpuHour! + gib * price.usdPerGiBHour!);
}

/** Each line priced per hour and per month (hoursPerMonth of the table), and the monthly total. */
export function priceBill(lines: readonly BillLine[], table: PriceTable = loadPrices()): { lines: PricedLine[]; usdPerMonth: number } {
  const priced = lines.map((l) => {
    const usdPerHour = hourlyPrice(l, table);
    return { ...l, usdPerHour: round(usdPerHour, 6), usdPerMonth: round(usdPerHour * table.hoursPerMonth, 2) };
  });
  return { lines: priced, usdPerMonth: round(priced.reduce((a, l) => a + l.usdPerHour * table.hoursPerMonth, 0), 2) };
}

const round = (x: number, places: number): number => +x.toFixed(places);
