/**
 * The French e-mails and SMS the simulated backend sends. Figures are the sources' (30 minutes,
 * 15 minutes, 1 month) or the documented choices of rules.ts.
 */
import { ACCESS_CODE_MINUTES, ACTIVATION_LINK_MINUTES, EXPORT_LINK_DAYS, LOGIN_OTP_MINUTES, RESET_LINK_MINUTES } from '../rules.js';

export interface MessageText {
  subject?: string;
  body: string;
}

export const messages = {
  accountActivation: (firstName: string, link: string): MessageText => ({
    subject: 'Activez votre compte ameli',
    body:
      `Bonjour ${firstName},\n\nPour valider la création de votre compte ameli, cliquez sur ce lien : ${link}\n` +
      `Ce lien est valable ${ACTIVATION_LINK_MINUTES / 60} heures.\n\nL'Assurance Maladie`,
  }),
  passwordReset: (firstName: string, link: string): MessageText => ({
    subject: 'Réinitialisation du mot de passe de votre compte ameli',
    body:
      `Bonjour ${firstName},\n\nPour choisir un nouveau mot de passe, cliquez sur ce lien : ${link}\n` +
      `Important : ce lien est valable ${RESET_LINK_MINUTES} minutes et ne sert qu'une fois.\n\n` +
      "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\nL'Assurance Maladie",
  }),
  loginCode: (code: string): MessageText => ({
    subject: 'Votre code de sécurité ameli',
    body:
      `Votre code de sécurité à usage unique : ${code}\n` +
      `Il ne sert que pour cette connexion et reste valable ${LOGIN_OTP_MINUTES} minutes.\n\nL'Assurance Maladie`,
  }),
  provisionalCode: (firstName: string, lastName: string, code: string): MessageText => ({
    subject: 'Votre nouveau code provisoire Mon espace santé',
    body:
      `Code provisoire pour ${firstName} ${lastName} : ${code}\n` +
      'Ce code provisoire est confidentiel et valable 1 mois à partir de la réception de cet e-mail.\n\n' +
      'Votre correspondant Mon espace santé',
  }),
  accessCodeEmail: (code: string): MessageText => ({
    subject: "Votre code d'accès Mon espace santé",
    body: `Votre code d'accès à usage unique : ${code}\nCe code n'est valable que ${ACCESS_CODE_MINUTES} minutes.\n\nMon espace santé`,
  }),
  accessCodeSms: (code: string): MessageText => ({
    body: `Mon espace santé : votre code d'accès à usage unique est ${code}. Il n'est valable que ${ACCESS_CODE_MINUTES} minutes.`,
  }),
  dataExport: (firstName: string, link: string): MessageText => ({
    subject: 'Vos données Mon espace santé',
    body:
      `Bonjour ${firstName},\n\nVous avez demandé une copie de vos données avant la clôture de votre profil. ` +
      `Téléchargez-la avec ce lien : ${link}\nCe lien est valable ${EXPORT_LINK_DAYS} jours.\n\nMon espace santé`,
  }),
  dataExportSms: (link: string): MessageText => ({
    body: `Mon espace santé : téléchargez la copie de vos données avec ce lien (valable ${EXPORT_LINK_DAYS} jours) : ${link}`,
  }),
};
