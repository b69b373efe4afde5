// A real, independent OpenID provider for the tests (npm oidc-provider, OpenID Certified).
// Usage: node tests/sso/oidc_provider.mjs PORT
// It listens on 127.0.0.1:PORT (issuer http://127.0.0.1:PORT) and prints "ready" once started.
// POST /__control {"mode": ..., "accounts": {...}} makes it misbehave for the next answers:
//   mode "other_key": the ID token signed with another key under the published kid;
//   "unknown_kid": signed by a key the JWKS does not list; "wrong_nonce", "expired", "not_yet_valid",
//   "wrong_audience", "wrong_issuer": the ID token's claims rewritten, then signed again with the real key;
//   "userinfo_other_key": the signed userinfo answer (ProConnect's profile) signed with another key.
import http from 'node:http';
import { generateKeyPair, exportJWK, SignJWT, importJWK } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;
const state = { mode: 'normal', accounts: {} };

async function jwk(alg, kid) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
}
const rsa = await jwk('RS256', 'cle-rsa');
const ec = await jwk('ES256', 'cle-ec');
const otherRsa = await jwk('RS256', 'cle-rsa');  // same kid, other key: a forged signature
const clients = JSON.parse(process.env.OIDC_CLIENTS || '[]');

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [rsa, ec] },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = `<!DOCTYPE html><html lang="fr"><body>${form}
          <button type="submit" form="op.logoutForm" value="yes" name="logout">Se déconnecter</button></body></html>`;
      },
    },
  },
  enabledJWA: { idTokenSigningAlgValues: ['RS256', 'ES256', 'HS256'], userinfoSigningAlgValues: ['RS256', 'ES256'] },
  claims: {
    openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'],
    given_name: ['given_name'], usual_name: ['usual_name'], uid: ['uid'], siret: ['siret'], groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'given_name', 'usual_name', 'uid', 'siret', 'groups'],
  async findAccount(ctx, id) {
    const claims = state.accounts[id] || { email: `${id}@exemple.fr`, email_verified: true };
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  async loadExistingGrant(ctx) {  // first-party: no consent screen
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope || 'openid');
    await grant.save();
    return grant;
  },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
});
provider.proxy = false;

async function rewrite(idToken) {
  const [header, payload] = idToken.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url')));
  const now = Math.floor(Date.now() / 1000);
  let key = header.alg === 'ES256' ? ec : rsa;
  let kid = header.kid;
  switch (state.mode) {
    case 'other_key': key = { ...otherRsa }; break;
    case 'unknown_kid': key = { ...otherRsa }; kid = 'cle-inconnue'; break;
    case 'wrong_nonce': payload.nonce = 'un-autre-nonce-que-celui-envoye-par-le-client'; break;
    case 'expired': payload.iat = now - 7200; payload.exp = now - 3600; break;
    case 'not_yet_valid': payload.iat = now + 3600; payload.nbf = now + 3600; payload.exp = now + 7200; break;
    case 'wrong_audience': payload.aud = 'un-autre-client'; break;
    case 'wrong_issuer': payload.iss = 'http://127.0.0.1:1/autre'; break;
    default: return idToken;
  }
  return new SignJWT(payload).setProtectedHeader({ ...header, kid }).sign(await importJWK(key, header.alg));
}

const handle = provider.callback();
http.createServer((req, res) => {
  if (req.url === '/__control' && req.method === 'POST') {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      Object.assign(state, JSON.parse(body || '{}'));
      res.end('ok');
    });
    return;
  }
  if (req.url.startsWith('/me') && state.mode === 'userinfo_other_key') {  // ProConnect's signed userinfo, forged
    const end = res.end.bind(res);
    res.end = (chunk, ...rest) => {
      const [header, payload] = chunk.toString().split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url')));
      importJWK(otherRsa, 'RS256').then((key) => new SignJWT(payload).setProtectedHeader(header).sign(key)).then((jwt) => {
        res.setHeader('Content-Length', Buffer.byteLength(jwt));
        end(jwt);
      });
      return res;
    };
  }
  if (req.url.startsWith('/token') && state.mode !== 'normal' && !state.mode.startsWith('userinfo_')) {
    const end = res.end.bind(res);
    res.end = (chunk, ...rest) => {
      let data;
      try { data = JSON.parse(chunk.toString()); } catch { return end(chunk, ...rest); }
      if (!data.id_token) return end(chunk, ...rest);
      rewrite(data.id_token).then((token) => {
        data.id_token = token;
        const text = JSON.stringify(data);
        res.setHeader('Content-Length', Buffer.byteLength(text));
        end(text);
      });
      return res;
    };
  }
  handle(req, res);
}).listen(port, '127.0.0.1', () => console.log('ready'));
