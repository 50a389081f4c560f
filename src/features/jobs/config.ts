import fs from 'node:fs';
import { z } from 'zod';
import { holidayCalendarFromGovUk, type HolidayCalendar } from '../../domain/calendar/working-days.ts';

/** When reminders go: hours before a meeting's deadline, days before an action or a review is due. */
export type ReminderSettings = { deadlineHours: number; actionDays: number; reviewDays: number };
export const DEFAULT_REMINDERS: ReminderSettings = { deadlineHours: 24, actionDays: 3, reviewDays: 7 };

export type JobsConfig = {
  /** Whether the server runs the jobs on an interval (off under NODE_ENV=test unless JOBS_ENABLED=true). */
  enabled: boolean;
  intervalSeconds: number;
  /** A newer GOV.UK-shaped bank holidays file; the shipped config/bank-holidays.json otherwise. */
  bankHolidaysFile?: string;
  reminders: ReminderSettings;
};

const schema = z.object({
  NODE_ENV: z.string().optional(),
  JOBS_ENABLED: z.enum(['true', 'false']).optional(),
  JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(24 * 3600).default(300),
  BANK_HOLIDAYS_FILE: z.string().min(1).optional(),
  REMINDER_DEADLINE_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(DEFAULT_REMINDERS.deadlineHours),
  REMINDER_ACTION_DAYS: z.coerce.number().int().min(0).max(60).default(DEFAULT_REMINDERS.actionDays),
  REMINDER_REVIEW_DAYS: z.coerce.number().int().min(0).max(60).default(DEFAULT_REMINDERS.reviewDays),
});

/** Parses the jobs' part of the environment once; throws a readable error naming each bad variable. */
export function loadJobsConfig(env: NodeJS.ProcessEnv = process.env): JobsConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const e = parsed.data;
  return {
    enabled: e.JOBS_ENABLED ? e.JOBS_ENABLED === 'true' : e.NODE_ENV !== 'test',
    intervalSeconds: e.JOBS_INTERVAL_SECONDS,
    bankHolidaysFile: e.BANK_HOLIDAYS_FILE,
    reminders: { deadlineHours: e.REMINDER_DEADLINE_HOURS, actionDays: e.REMINDER_ACTION_DAYS, reviewDays: e.REMINDER_REVIEW_DAYS },
  };
}

/** Reads a bank holidays file (the GOV.UK JSON, england-and-wales); a bad file stops the start with the reason. */
export function loadBankHolidays(file: string): HolidayCalendar {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`BANK_HOLIDAYS_FILE ${file} could not be read as JSON: ${(err as Error).message}`);
  }
  try {
    return holidayCalendarFromGovUk(json);
  } catch (err) {
    throw new Error(`BANK_HOLIDAYS_FILE ${file}: ${(err as Error).message}`);
  }
}
