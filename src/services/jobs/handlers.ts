// Which handler runs which type of scheduled job.
import type { ScheduledJobType } from '../../domain/vocabulary.ts';
import { runAgentFollowUpJob } from './agentFollowUp.ts';
import { runBroadcastJob } from './broadcastRun.ts';
import { runTriggerSendJob } from './triggerSend.ts';
import type { JobHandler } from './types.ts';

export const JOB_HANDLERS: Record<ScheduledJobType, JobHandler> = {
  trigger_send: runTriggerSendJob,
  agent_follow_up: runAgentFollowUpJob,
  broadcast_run: runBroadcastJob,
};
