/**
 * What the person reads when an advisor joins, writes and leaves a live exchange. The advisor
 * signs every message ("Nadia, conseillère"), so that the person always knows a human is writing.
 */

export type AdvisorTitle = 'conseillère' | 'conseiller';
export const ADVISOR_TITLES: readonly AdvisorTitle[] = ['conseillère', 'conseiller'];

/** "Nadia" + conseillère → "Nadia, conseillère"; a name already signed ("Nadia, conseillère") is kept. */
export function advisorSignature(agent: string, title?: AdvisorTitle): string {
  const name = agent.replace(/\s+/g, ' ').trim().slice(0, 60);
  if (name.includes(',')) return name;
  const role = title ?? 'conseiller';
  return name ? `${name}, ${role}` : role === 'conseillère' ? 'Votre conseillère' : 'Votre conseiller';
}

export const liveCopy = {
  joined: (signature: string) => `**${signature}** vous répond maintenant. Écrivez ici : vos messages lui arrivent directement.`,
  message: (signature: string, text: string) => `**${signature} :** ${text}`,
  closed: (signature: string) =>
    `**${signature}** a terminé l'échange. L'assistant vous répond de nouveau : posez votre question, ou écrivez « parler à un conseiller » pour une nouvelle demande.`,
};
