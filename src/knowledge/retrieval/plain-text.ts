/**
 * Source passages as a person reads them: the source files are slide and e-mail exports, with
 * markdown marks (**bold**, [text](url), <u>…</u>) and the template placeholders of the letters
 * they reproduce (PRENOM_TITUL1, $_{vars["eens.CodeEnrolement"]}). Shown to an agent or in a chat,
 * those must read as plain French.
 */

/** Placeholders of the Mon espace santé letter and e-mail (004), and what they stand for. */
const NAME_PLACEHOLDERS = /\b(?:PRENOM_TITUL1\s+NOM_TITUL1|NOM_TITUL1\s+PRENOM_TITUL1|PRENOM_TITUL1|NOM_TITUL1)\b/g;
const TEMPLATE_VARIABLE = /`?\$_\{vars\["([\w.]+)"\]\}`?/g;
const VARIABLE_WORDS: Readonly<Record<string, string>> = {
  'eens.PrenomFuturTitulaire': 'la personne',
  'eens.NomFuturTitulaire': '',
  'eens.CodeEnrolement': '(code provisoire)',
  'eens.DelaiOpposition': '1',
  'eens.URLSite': 'monespacesante.fr',
  'eens.URLSiteJuridique': 'monespacesante.fr',
  'eens.SignatureCourrier': 'Votre correspondant Mon espace santé',
};

export function plainText(passage: string): string {
  return (
    passage
      .replace(NAME_PLACEHOLDERS, 'la personne')
      .replace(TEMPLATE_VARIABLE, (_m, name: string) => VARIABLE_WORDS[name] ?? '…')
      // [text](url) and [text] → text; <u>text</u> → text; **bold**, __bold__, *em* → text.
      .replace(/\[([^\]\n]*)\]\([^)\s]*\)/g, '$1')
      .replace(/\[([^\]\n]*)\]/g, '$1')
      .replace(/<\/?[a-z][^>\n]*>/gi, '')
      .replace(/\*\*|__/g, '')
      .replace(/(^|\s)\*(\S[^*\n]*\S|\S)\*(?=\s|$|[.,;:!?])/g, '$1$2')
      .replace(/\^\{([^}\n]*)\}/g, '$1')
      .replace(/[ \t]+/g, ' ')
      .replace(/ ([.,])(?=\s|$)/g, '$1')
      .replace(/\s*\n\s*/g, '\n')
      .trim()
  );
}
