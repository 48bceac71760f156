/** Small, accessible French pages for the links of the simulated e-mails. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface PageOptions {
  title: string;
  /** Trusted HTML (built with escapeHtml). */
  body: string;
}

export function page({ title, body }: PageOptions): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} – Assurance Maladie (simulation)</title>
<style>
body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
label{display:block;margin-top:1rem;font-weight:600}
input{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;border:1px solid #555}
button{font:inherit;margin-top:1rem;padding:.5rem 1rem;background:#0c419a;color:#fff;border:0}
button:focus,input:focus{outline:3px solid #ffbf47}
.error{border-left:4px solid #b00020;padding-left:.75rem}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

export function paragraph(text: string): string {
  return `<p>${escapeHtml(text)}</p>`;
}

/** A list of problems, announced to screen readers. */
export function errorList(intro: string, items: string[]): string {
  return `<div class="error" role="alert"><p>${escapeHtml(intro)}</p><ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul></div>`;
}

export function passwordForm(action: string, submit: string, hint: string): string {
  return `<form method="post" action="${escapeHtml(action)}">
<p id="rules">${escapeHtml(hint)}</p>
<label for="password">Nouveau mot de passe</label>
<input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="rules">
<label for="confirmation">Confirmez le mot de passe</label>
<input id="confirmation" name="confirmation" type="password" autocomplete="new-password" required>
<button type="submit">${escapeHtml(submit)}</button>
</form>`;
}
