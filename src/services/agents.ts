// Admins invite and deactivate agents. An invited agent sets their own password through
// a signed link that works until a password is set.
import type { Deps } from '../deps.ts';
import { isEmailAddress, normalizeEmail } from '../domain/people/email-address.ts';
import { AppError } from '../domain/errors.ts';
import { hashPassword } from '../domain/auth/password.ts';
import { sign, verify } from '../domain/auth/signing.ts';
import {
  findAgentByEmail,
  getAgentById,
  insertAgent,
  listAgentRows,
  setAgentSettings,
  updateAgent,
  type AgentRow,
} from '../store/agents.ts';
import { checkAgentSettings } from '../domain/inbox/agent-settings.ts';
import { deleteAgentSessions } from '../store/sessions.ts';
import type { AgentRole } from '../domain/vocabulary.ts';

const INVITE = 'agent-invite';
export const MIN_PASSWORD_LENGTH = 12;

function requireAdmin(actor: AgentRow): void {
  if (actor.role !== 'admin') throw new AppError('Forbidden', 'only admins can manage agents');
}

export function listAgents(deps: Deps): Promise<AgentRow[]> {
  return listAgentRows(deps.db);
}

export async function inviteAgent(
  deps: Deps,
  actor: AgentRow,
  input: { email: string; name: string; role: AgentRole },
): Promise<{ agent: AgentRow; inviteUrl: string }> {
  requireAdmin(actor);
  const email = normalizeEmail(input.email);
  if (!isEmailAddress(email))
    throw new AppError('ValidationFailed', 'invalid email', [{ field: 'email', message: 'expected an email address' }]);
  const name = input.name.trim();
  if (!name || name.length > 100)
    throw new AppError('ValidationFailed', 'invalid name', [{ field: 'name', message: 'expected 1 to 100 characters' }]);
  if (await findAgentByEmail(deps.db, email))
    throw new AppError('Conflict', `${email} is already an agent`, [
      { field: 'email', message: 'expected an address that is not an agent yet' },
    ]);
  const id = deps.ids.next('agt');
  await insertAgent(deps.db, { id, email, name, role: input.role, passwordHash: null, active: true, createdAt: deps.clock.now() });
  deps.log.info('agents: invited', { agentId: id, by: actor.id });
  return {
    agent: (await getAgentById(deps.db, id))!,
    inviteUrl: `${deps.config.publicUrl}/invite/${id}.${await sign(deps.config.secretKey, INVITE, id, 26)}`,
  };
}

export async function agentForInvite(deps: Deps, token: string): Promise<AgentRow> {
  const [id, mac] = token.split('.');
  const agent = id && mac && (await verify(deps.config.secretKey, INVITE, id, mac, 26)) ? await getAgentById(deps.db, id) : undefined;
  if (!agent || agent.passwordHash !== null || !agent.active)
    throw new AppError('NotFound', 'this invitation is not valid any more; ask an admin for a new one');
  return agent;
}

export async function acceptInvite(deps: Deps, token: string, password: string): Promise<AgentRow> {
  const agent = await agentForInvite(deps, token);
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('ValidationFailed', 'password too short', [
      { field: 'password', message: `expected at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
  await updateAgent(deps.db, agent.id, { passwordHash: await hashPassword(password) });
  return agent;
}

export async function setAgentActive(deps: Deps, actor: AgentRow, agentId: string, active: boolean): Promise<void> {
  requireAdmin(actor);
  if (agentId === actor.id && !active)
    throw new AppError('ValidationFailed', 'you cannot deactivate yourself', [{ field: 'agent_id', message: 'expected another agent' }]);
  const agent = await getAgentById(deps.db, agentId);
  if (!agent) throw new AppError('NotFound', `no agent ${agentId}`);
  await updateAgent(deps.db, agentId, { active });
  if (!active) await deleteAgentSessions(deps.db, agentId);
  deps.log.info('agents: active changed', { agentId, active, by: actor.id });
}

/** An agent saves their own language, time zone and signature; nothing is saved when a field is wrong. */
export async function saveAgentSettings(
  deps: Deps,
  agent: AgentRow,
  input: { locale: string; timeZone: string; signature: string },
  locales: readonly string[],
): Promise<AgentRow> {
  const checked = checkAgentSettings(input, locales);
  if (!checked.settings) throw new AppError('ValidationFailed', 'invalid settings', checked.issues);
  await setAgentSettings(deps.db, agent.id, checked.settings);
  deps.log.info('agents: settings saved', { agentId: agent.id });
  return { ...agent, ...checked.settings };
}

/** Creates an agent with a password directly: the first admin on hosts without a bootstrap step (Workers). */
export async function createAgentWithPassword(
  deps: Pick<Deps, 'db' | 'ids' | 'clock'>,
  input: { email: string; name: string; role: AgentRole; password: string },
): Promise<AgentRow> {
  const email = normalizeEmail(input.email);
  if (!isEmailAddress(email))
    throw new AppError('ValidationFailed', 'invalid email', [{ field: 'email', message: 'expected an email address' }]);
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('ValidationFailed', 'password too short', [
      { field: 'password', message: `expected at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
  if (await findAgentByEmail(deps.db, email)) throw new AppError('Conflict', `${email} is already an agent`);
  const id = deps.ids.next('agt');
  await insertAgent(deps.db, {
    id,
    email,
    name: input.name.trim() || email,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    active: true,
    createdAt: deps.clock.now(),
  });
  return (await getAgentById(deps.db, id))!;
}
