/** The district's time as the operator set it: the `calendar` section of the settings, read once at start. */
import { readSection, type Settings } from '../settings.ts';
import { CalendarSettings, type HolidayCalendar, holidayCalendar } from './calendar.ts';

export interface DistrictTime {
  /** UTC offset of the district's local days, e.g. `+08:00`. */
  timeZone: string;
  calendar: HolidayCalendar;
}

/** Builds the district's time zone and holiday calendar from the settings; throws a SettingsError when invalid. */
export function districtTime(settings: Settings): DistrictTime {
  const section = readSection(settings, 'calendar', CalendarSettings);
  return { timeZone: section.timeZone, calendar: holidayCalendar(section.years) };
}
