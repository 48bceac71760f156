/**
 * The pages behind the links of the simulated e-mails: password reset (200 while valid, 410 once
 * used or 30 minutes after it was sent, 404 for a link that never existed), compte ameli activation,
 * and the download of the data exported at closure.
 */
import { Router, type Response } from 'express';
import { AMELI_PASSWORD_LENGTH, type IdentifierRule, type PasswordRule } from '../../../domain/password-policy.js';
import type { BackendClient } from '../../api-schemas/index.js';
import { choosePasswordAfterActivation, useActivationLink } from '../core/ameli.js';
import type { CoreContext } from '../core/context.js';
import { readExport } from '../core/mes.js';
import { RESET_LINK_MINUTES } from '../rules.js';
import { errorList, page, paragraph, passwordForm } from './html.js';

/** The compte ameli rule (003, 004) in the words of the site; the length is the project's choice. */
const AMELI_RULE_LABELS: Record<PasswordRule, string> = {
  min_length: `au moins ${AMELI_PASSWORD_LENGTH.min} caractères`,
  max_length: `au plus ${AMELI_PASSWORD_LENGTH.max} caractères`,
  uppercase: 'au minimum une majuscule',
  lowercase: 'au minimum une minuscule',
  digit_or_special: 'au choix, un chiffre ou un caractère spécial',
  digit: 'un chiffre',
  special: 'un caractère spécial',
};

const AMELI_RULE_HINT =
  `Votre mot de passe doit comporter ${AMELI_PASSWORD_LENGTH.min} à ${AMELI_PASSWORD_LENGTH.max} caractères, ` +
  'au minimum une majuscule, une minuscule et, au choix, un chiffre ou un caractère spécial.';

const TOKEN = /^[A-Za-z0-9_-]{1,200}$/;

function send(res: Response, status: number, title: string, body: string): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
  res.send(page({ title, body }));
}

const unknownLink = (res: Response) => send(res, 404, 'Lien inconnu', paragraph("Ce lien n'existe pas. Vérifiez qu'il est complet dans le message reçu."));

/** The compte ameli rules among the failed ones (the backend names them from one shared list). */
function ameliRules(failed: ReadonlyArray<PasswordRule | IdentifierRule> | undefined): PasswordRule[] {
  return (failed ?? []).filter((r): r is PasswordRule => r in AMELI_RULE_LABELS);
}

function policyErrors(failedRules: PasswordRule[], confirmationMismatch: boolean): string {
  const items = failedRules.map((r) => `Il manque : ${AMELI_RULE_LABELS[r]}.`);
  if (confirmationMismatch) items.push('Les deux mots de passe saisis ne sont pas identiques.');
  return errorList("Votre mot de passe n'a pas été enregistré :", items);
}

function readPasswords(body: unknown): { password: string; confirmation: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  return { password: typeof b.password === 'string' ? b.password : '', confirmation: typeof b.confirmation === 'string' ? b.confirmation : '' };
}

export function createPagesRouter(ctx: CoreContext, backend: BackendClient): Router {
  const router = Router();

  router.param('token', (req, res, next, token: string) => {
    if (TOKEN.test(token)) next();
    else unknownLink(res);
  });

  // ---- password reset ----------------------------------------------------------------------
  const resetTitle = 'Réinitialiser le mot de passe de votre compte ameli';
  const resetGone = (res: Response, status: 'used' | 'expired') =>
    send(
      res,
      410,
      'Lien expiré',
      paragraph(
        status === 'used'
          ? "Ce lien a déjà servi : il n'est valable qu'une fois."
          : `Ce lien a expiré : il n'est valable que ${RESET_LINK_MINUTES} minutes après son envoi.`,
      ) + paragraph('Sur la page d\'accueil du compte ameli, cliquez sur « Mot de passe oublié » pour en recevoir un nouveau.'),
    );

  router.get('/reset/:token', async (req, res) => {
    const result = await backend.call('resetLinkStatus', { token: req.params.token });
    const status = result.ok ? result.value.status : 'unknown';
    if (status === 'unknown') return unknownLink(res);
    if (status !== 'valid') return resetGone(res, status);
    send(res, 200, resetTitle, passwordForm(req.originalUrl, 'Enregistrer mon nouveau mot de passe', AMELI_RULE_HINT));
  });

  router.post('/reset/:token', async (req, res) => {
    const { password, confirmation } = readPasswords(req.body);
    const form = passwordForm(req.originalUrl, 'Enregistrer mon nouveau mot de passe', AMELI_RULE_HINT);
    if (password !== confirmation) {
      const status = await backend.call('resetLinkStatus', { token: req.params.token });
      if (status.ok && status.value.status === 'valid') return send(res, 422, resetTitle, policyErrors([], true) + form);
    }
    const result = await backend.call('setNewPassword', { token: req.params.token, newPassword: password });
    if (result.ok) return send(res, 200, 'Mot de passe modifié', paragraph('Votre nouveau mot de passe est enregistré. Vous pouvez vous connecter à votre compte ameli.'));
    switch (result.error.code) {
      case 'password_policy':
        return send(res, 422, resetTitle, policyErrors(ameliRules(result.error.failedRules), false) + form);
      case 'link_used':
        return resetGone(res, 'used');
      case 'link_expired':
        return resetGone(res, 'expired');
      case 'link_unknown':
        return unknownLink(res);
      default:
        return send(res, 503, 'Service indisponible', paragraph('Le service ne répond pas. Réessayez dans quelques minutes.'));
    }
  });

  // ---- compte ameli activation -------------------------------------------------------------
  const activationGone = (res: Response, reason: 'used' | 'expired') =>
    send(
      res,
      410,
      'Lien expiré',
      paragraph(reason === 'used' ? 'Ce lien a déjà servi : votre compte ameli est activé.' : "Ce lien n'est plus valable. Recommencez la création de votre compte ameli."),
    );

  router.get('/activate/:token', async (req, res) => {
    const outcome = await useActivationLink(ctx, req.params.token);
    if (outcome.kind === 'unknown') return unknownLink(res);
    if (outcome.kind === 'gone') return activationGone(res, outcome.reason);
    send(
      res,
      200,
      'Votre compte ameli est activé',
      paragraph(`Bonjour ${outcome.firstName}, votre compte ameli est activé.`) +
        paragraph('Un code provisoire vous est envoyé par courrier pour votre première connexion. Vous pouvez aussi choisir votre mot de passe dès maintenant :') +
        passwordForm(req.originalUrl, 'Enregistrer mon mot de passe', AMELI_RULE_HINT),
    );
  });

  router.post('/activate/:token', async (req, res) => {
    const { password, confirmation } = readPasswords(req.body);
    const form = passwordForm(req.originalUrl, 'Enregistrer mon mot de passe', AMELI_RULE_HINT);
    const title = 'Choisir le mot de passe de votre compte ameli';
    if (password !== confirmation) return send(res, 422, title, policyErrors([], true) + form);
    const outcome = await choosePasswordAfterActivation(ctx, req.params.token, password);
    if (outcome.kind === 'unknown') return unknownLink(res);
    if (outcome.kind === 'gone') return send(res, 410, 'Lien expiré', paragraph('Ce lien ne permet plus de choisir le mot de passe. Utilisez « Mot de passe oublié ».'));
    if (outcome.kind === 'policy') return send(res, 422, title, policyErrors(outcome.failedRules, false) + form);
    send(res, 200, 'Mot de passe enregistré', paragraph('Votre mot de passe est enregistré. Vous pouvez vous connecter à votre compte ameli.'));
  });

  // ---- export of the data at closure -------------------------------------------------------
  router.get('/export/:token', async (req, res) => {
    const outcome = await readExport(ctx, req.params.token);
    if (outcome.kind === 'unknown') return unknownLink(res);
    if (outcome.kind === 'expired') return send(res, 410, 'Lien expiré', paragraph("Ce lien de téléchargement n'est plus valable."));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', 'attachment; filename="mon-espace-sante.json"');
    res.json(outcome.content);
  });

  return router;
}
