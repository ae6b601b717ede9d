/** The names of document kinds, one place for the walker's catalogues and the public page's. */

export const DOCUMENT_KIND_TEXTS = {
  fr: {
    'document.kind.access_request': 'Demande d’accès aux documents',
    'document.kind.access_answer': 'Réponse à une demande d’accès',
    'document.kind.contract': 'Contrat',
    'document.kind.council_decision': 'Décision du conseil',
    'document.kind.press': 'Presse',
    'document.kind.other': 'Autre',
  },
  nl: {
    'document.kind.access_request': 'Verzoek om openbaarheid van bestuur',
    'document.kind.access_answer': 'Antwoord op een verzoek',
    'document.kind.contract': 'Contract',
    'document.kind.council_decision': 'Raadsbeslissing',
    'document.kind.press': 'Pers',
    'document.kind.other': 'Andere',
  },
  en: {
    'document.kind.access_request': 'Access-to-documents request',
    'document.kind.access_answer': 'Answer to an access request',
    'document.kind.contract': 'Contract',
    'document.kind.council_decision': 'Council decision',
    'document.kind.press': 'Press',
    'document.kind.other': 'Other',
  },
} as const;
