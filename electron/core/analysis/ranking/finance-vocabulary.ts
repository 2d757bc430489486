/**
 * Finance vocabulary, applied only to documents that look like financial
 * filings (document-kind.ts): which statement a question needs, what the
 * statement's lines are called, and how its title is printed.
 *
 * Triggers are textbook terms (a statement's name, its line items, the
 * common ratios and the statements their inputs come from), not the wording
 * of particular questions.
 */

export type StatementId = 'cashflow' | 'balance' | 'income' | 'equity';

export interface Concept<Id extends string = string> {
  id: Id;
  /** Question patterns that call for this concept. */
  triggers: RegExp;
  /** Phrase queries run against FTS5. */
  expansions: string[];
  /** Title as printed at the top of the statement's page(s), null when it has none. */
  title: RegExp | null;
}

export const FINANCE_CONCEPTS: Concept<StatementId | 'segment' | 'pension'>[] = [
  {
    id: 'cashflow',
    triggers:
      /cash ?flows?|capex|capital expenditures?|free cash|\bfcf\b|cash (from|provided by|used in) (operations|operating|investing|financing)|operating cash|dividends? paid|cash dividends?|repurchases?|buybacks?|depreciation|amortization|\bd&a\b|investing activities|financing activities|operating activities|purchases? of (property|pp&e)|payout ratio/i,
    expansions: [
      'cash flows',
      'operating activities',
      'investing activities',
      'financing activities',
      'net cash provided by',
      'purchases of property plant and equipment',
      'capital expenditures',
      'additions to property and equipment',
      'payments for property',
      'depreciation and amortization',
      'dividends paid',
    ],
    title: /(statements?|statement) of (consolidated )?cash flows?|cash flows? statements?/,
  },
  {
    id: 'balance',
    triggers:
      /balance sheets?|financial position|financial condition|total assets|current assets|current liabilit|total liabilit|working capital|quick ratio|current ratio|acid[- ]test|inventor(y|ies)|accounts payable|payables?|accounts receivable|receivables?|pp&e|property,? plant|fixed assets?|\bdebt\b|borrowings|shareholders'? equity|stockholders'? equity|book value|\broa\b|\broe\b|return on (assets|equity)|\bdpo\b|\bdso\b|\bdio\b|days (payable|sales|inventory)|cash conversion cycle|asset turnover|debt[- ]to[- ]equity|leverage ratio|net assets/i,
    expansions: [
      'balance sheets',
      'total assets',
      'total liabilities',
      'total current assets',
      'total current liabilities',
      'shareholders equity',
      'stockholders equity',
      'accounts payable',
      'inventories',
      'property plant and equipment net',
      'long term debt',
    ],
    title: /balance sheets?|statements? of (consolidated )?financial (position|condition)/,
  },
  {
    id: 'income',
    triggers:
      /income statements?|statements? of (income|operations|earnings)|p&l|profit and loss|revenues?|net sales|sales growth|\bcogs\b|cost of (goods|sales|revenue)|gross (margin|profit)|operating (income|margin|profit|expenses?)|net (income|earnings|profit|margin)|ebit(da)?|\beps\b|earnings per share|interest (expense|coverage)|\broa\b|\broe\b|\bdpo\b|\bdio\b|\bdso\b|days (payable|sales|inventory)|inventory turnover|cash conversion cycle|asset turnover|cagr|growth rate/i,
    expansions: [
      'statements of income',
      'statements of operations',
      'statements of earnings',
      'net income',
      'total revenues',
      'net revenues',
      'net sales',
      'cost of sales',
      'cost of revenues',
      'gross profit',
      'operating income',
      'income before income taxes',
      'earnings per share',
    ],
    title: /statements? of (consolidated )?(comprehensive )?(income|operations|earnings)|income statements?/,
  },
  {
    id: 'equity',
    triggers: /statements? of (shareholders'?|stockholders'?|changes in) equity|retained earnings|treasury stock|shares outstanding/i,
    expansions: ['retained earnings', 'treasury stock', 'shares outstanding'],
    title: /statements? of (consolidated )?(changes in )?(shareholders'?|stockholders'?|share ?owners'?)? ?equity/,
  },
  {
    id: 'pension',
    triggers: /pensions?|postretirement|retirement (benefit|plan)s?|other post-?employment|\bopeb\b|defined benefit/i,
    expansions: ['postretirement benefit', 'pension benefits', 'benefit payments', 'expected future benefit payments'],
    title: null,
  },
  {
    id: 'segment',
    triggers: /\bsegments?\b|business (lines?|units?)|divisions?/i,
    expansions: ['segment results', 'reportable segments', 'segment information', 'net revenue', 'net income'],
    title: null,
  },
];

/** Words that make a question ask for an amount (boost table pages). */
export const AMOUNT_CUES =
  /\b(how much|how many|amount|total|usd|\$|million|billion|ratio|margin|growth|rate|percent|%|revenue|income|expense|cost|cash|assets?|liabilit|debt|capex|expenditure|eps|earnings|dividend|turnover|cagr|average|change|increase|decrease|sales|cogs|ebitda|value|price)\b/i;
