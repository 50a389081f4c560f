import shipped from '../../config/bank-holidays.json' with { type: 'json' };
import { holidayCalendarFromGovUk } from '../domain/calendar/working-days.ts';

/**
 * The shipped England and Wales bank holidays (config/bank-holidays.json, 2024–2028), for tests that count working days
 * without an app; the app's own comes from its configuration (config.bankHolidays, passed in by createServices).
 */
export const bankHolidays = holidayCalendarFromGovUk(shipped);
