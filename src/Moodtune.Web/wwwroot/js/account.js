// Accounts mode (docs/web-api.md): who is signed in, in the header of every page, and the forms to sign in, sign up,
// sign out, change the password and delete the account. In single mode (one local listener) the page shows none of it.
// After a sign-in or sign-out the page reloads: everything it shows belongs to the listener, and starts again for the
// new one rather than being patched.
import { api, errorMessage } from './api.js';

/** Raised by api.js when the server answers 401: the sign-in ended (expired, password changed elsewhere). */
export const UNAUTHORIZED_EVENT = 'moodtune:unauthorized';

function element(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'text') node.textContent = value;
    else if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function field(label, input) {
  return element('label', { class: 'field' }, [element('span', { text: label }), input]);
}

/** The sign-in dialog: one form, two actions (sign in with an account, or create one). It cannot be dismissed. */
function signInDialog() {
  const email = element('input', { type: 'email', id: 'account-email', autocomplete: 'username', required: '' });
  const password = element('input', { type: 'password', id: 'account-password', autocomplete: 'current-password', required: '', minlength: '8' });
  const status = element('p', { class: 'status', id: 'account-status', role: 'status', 'aria-live': 'polite' });
  const signIn = element('button', { type: 'submit', class: 'primary', id: 'account-sign-in', value: 'login', text: 'Sign in' });
  const signUp = element('button', { type: 'submit', id: 'account-sign-up', value: 'register', text: 'Create account' });
  const form = element('form', { id: 'account-form', method: 'dialog' }, [
    element('h2', { id: 'account-title', text: 'Sign in to Moodtune' }),
    element('p', { class: 'muted small', text: 'Your moods and plays are yours alone: sign in, or create an account with your email and a password of at least 8 characters.' }),
    field('Email', email),
    field('Password', password),
    element('div', { class: 'row' }, [signIn, signUp]),
    status,
  ]);
  const dialog = element('dialog', { id: 'account-dialog', 'aria-labelledby': 'account-title' }, [form]);
  dialog.addEventListener('cancel', (event) => event.preventDefault());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const action = event.submitter?.value === 'register' ? 'register' : 'login';
    password.autocomplete = action === 'register' ? 'new-password' : 'current-password';
    status.textContent = action === 'register' ? 'Creating your account…' : 'Signing in…';
    try {
      await (action === 'register' ? api.register(email.value, password.value) : api.login(email.value, password.value));
      location.reload();
    } catch (e) {
      status.textContent = errorMessage(e);
      password.select();
    }
  });
  document.body.append(dialog);
  return dialog;
}

/** The signed-in listener's menu: sign out, change the password, delete the account. */
function accountDialog(account) {
  const current = element('input', { type: 'password', id: 'account-current-password', autocomplete: 'current-password', required: '' });
  const next = element('input', { type: 'password', id: 'account-new-password', autocomplete: 'new-password', required: '', minlength: '8' });
  const status = element('p', { class: 'status', id: 'account-menu-status', role: 'status', 'aria-live': 'polite' });
  const passwordForm = element('form', { id: 'account-password-form' }, [
    element('h3', { text: 'Change password' }),
    field('Current password', current),
    field('New password', next),
    element('button', { type: 'submit', text: 'Change password' }),
  ]);
  passwordForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.changePassword(current.value, next.value);
      passwordForm.reset();
      status.textContent = 'Password changed. Your other devices are signed out.';
    } catch (e) {
      status.textContent = errorMessage(e);
    }
  });
  const signOut = element('button', { type: 'button', id: 'account-sign-out', class: 'primary', text: 'Sign out' });
  signOut.addEventListener('click', async () => {
    await api.logout().catch(() => {});
    location.reload();
  });
  const remove = element('button', { type: 'button', id: 'account-delete', class: 'danger', text: 'Delete account' });
  remove.addEventListener('click', async () => {
    if (!confirm(`Delete the account ${account.email} with every mood, play and like it holds? This cannot be undone.`)) return;
    try {
      await api.deleteAccount();
      location.reload();
    } catch (e) {
      status.textContent = errorMessage(e);
    }
  });
  const close = element('button', { type: 'button', text: 'Close' });
  const dialog = element('dialog', { id: 'account-menu', 'aria-labelledby': 'account-menu-title' }, [
    element('h2', { id: 'account-menu-title', text: account.email }),
    element('p', { class: 'muted small', text: account.administrator ? 'You administer this Moodtune: the catalog and YouTube are yours to change.' : 'Your moods and plays are yours alone.' }),
    element('div', { class: 'row' }, [signOut, close]),
    passwordForm,
    element('h3', { text: 'Delete account' }),
    element('p', { class: 'muted small', text: 'Your history can be downloaded first from the History page.' }),
    remove,
    status,
  ]);
  close.addEventListener('click', () => dialog.close());
  document.body.append(dialog);
  return dialog;
}

/**
 * Asks who is signed in and, in accounts mode, puts the account in the header, or the sign-in dialog in front of the
 * page. Resolves with the account description (`mode`, `signed_in`, `email`, `administrator`), or null if unknown.
 */
export async function startAccount() {
  let account;
  try {
    account = await api.account();
  } catch {
    return null; // offline or unreachable: the page says so itself
  }
  if (account.mode !== 'accounts') return account;

  const header = document.querySelector('.site-header');
  let signIn = null;
  const askToSignIn = () => {
    signIn ??= signInDialog();
    if (!signIn.open) signIn.showModal();
  };
  window.addEventListener(UNAUTHORIZED_EVENT, askToSignIn);

  if (!account.signed_in) {
    askToSignIn();
    return account;
  }
  const menu = accountDialog(account);
  const button = element('button', { type: 'button', id: 'account-button', class: 'account-button', 'aria-haspopup': 'dialog', text: account.email });
  button.addEventListener('click', () => menu.showModal());
  header?.append(button);
  return account;
}
