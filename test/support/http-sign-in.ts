// Signing in over real HTTP, as a browser does: fetch the form (its double-submit CSRF
// cookie and token), then post the credentials with both. Used against running hosts.

/** The sign-in answer (303 on success, 401/429 otherwise), not followed. */
export async function postSignIn(base: string, email: string, password: string, next?: string): Promise<Response> {
  const form = await fetch(`${base}/login`);
  const cookie = form.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  return fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password, ...(next ? { next } : {}) }),
  });
}
