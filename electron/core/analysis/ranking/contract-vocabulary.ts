/**
 * Contract vocabulary, applied only to documents that look like agreements
 * (document-kind.ts): the clause a question is about, the words the clause
 * uses, and how its heading is printed ("5. Termination", "Section 9 -
 * Governing Law", "ARTICLE VII INDEMNIFICATION").
 *
 * Triggers include the plain words people ask with ("end the contract
 * early", "which law applies", "is there a cap"), since questions rarely use
 * the clause's own title.
 */
import type { Concept } from './finance-vocabulary';

export type ClauseId =
  | 'termination'
  | 'notice'
  | 'renewal'
  | 'assignment'
  | 'indemnification'
  | 'liability'
  | 'governing-law'
  | 'confidentiality'
  | 'payment';

/** `title` matches a clause heading at the start of a line (see clauseHeadings). */
export const CONTRACT_CONCEPTS: Concept<ClauseId>[] = [
  {
    id: 'termination',
    triggers: /terminat|cancel|end (the|this) (agreement|contract|lease|deal)|end (it|early)|get out\b|\bexit|walk away|material breach|early end|before (it|the term) ends/i,
    expansions: ['terminate this agreement', 'termination', 'may terminate', 'material breach', 'upon termination', 'right to terminate', 'cure period'],
    title: /termination|term and termination|term, renewal and termination/,
  },
  {
    id: 'notice',
    triggers: /\bnotices?\b|notify|notification|written notice|how (do|does|should|must) .* (tell|inform)|inform the other/i,
    expansions: ['notices', 'written notice', 'notice shall be', 'delivered by hand', 'by courier', 'by e mail', 'addresses'],
    title: /notices?/,
  },
  {
    id: 'renewal',
    triggers: /renew|extend|extension|automatic(ally)?|roll ?over|how long (does|will|is)|\bterm\b|duration|expir/i,
    expansions: ['renews automatically', 'renewal', 'initial term', 'successive', 'non renewal', 'term of this agreement', 'expiry'],
    title: /term|renewal|duration/,
  },
  {
    id: 'assignment',
    triggers: /assign|transfer|hand over|change of control|successor|subcontract|novat/i,
    expansions: ['assign', 'assignment', 'transfer this agreement', 'prior written consent', 'successor', 'change of control'],
    title: /assignment|transfer/,
  },
  {
    id: 'indemnification',
    triggers: /indemn|hold harmless|defend|third[- ]party claims?|\bsues?\b|\bsued\b|lawsuit|who pays if|infring/i,
    expansions: ['indemnify', 'indemnification', 'hold harmless', 'defend', 'third party claim', 'damages and costs'],
    title: /indemnit(y|ies|ification)/,
  },
  {
    id: 'liability',
    triggers: /liabilit|liable|\bcap\b|capped|damages|consequential|lost profits|how much can .* (claim|recover)|maximum (amount|exposure)/i,
    expansions: ['limitation of liability', 'total liability', 'shall not exceed', 'lost profits', 'indirect damages', 'consequential damages', 'liable'],
    title: /limitation of liability|liability/,
  },
  {
    id: 'governing-law',
    triggers: /governing law|governed by|which (law|laws|state|country|jurisdiction)|what law|jurisdiction|courts?|venue|disputes?|arbitrat/i,
    expansions: ['governed by the laws', 'governing law', 'jurisdiction', 'courts of', 'dispute', 'arbitration'],
    title: /governing law|applicable law|jurisdiction|disputes?/,
  },
  {
    id: 'confidentiality',
    triggers: /confidential|secret|non[- ]?disclosure|\bnda\b|disclose|privacy/i,
    expansions: ['confidential information', 'confidentiality', 'keep secret', 'not disclose', 'non disclosure'],
    title: /confidential(ity)?|non-?disclosure/,
  },
  {
    id: 'payment',
    // "who pays if someone sues" asks about indemnities, not payment terms
    triggers: /(?<!who )\bpay|payment|fees?\b|invoice|price|rent\b|cost|charges?|late|interest|how much|when (is|are) .* due|deposit/i,
    expansions: ['shall pay', 'payment', 'invoice', 'fees', 'payable', 'within thirty days', 'late payment', 'rent', 'interest'],
    title: /fees|payment|invoic|rent|price|charges/,
  },
];
