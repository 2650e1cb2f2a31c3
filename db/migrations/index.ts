import type { Knex } from 'knex';
import * as init from './001_init';
import * as calendar from './002_calendar';
import * as staff from './003_staff';
import * as hajj from './005_hajj';
import * as hajjQueue from './006_hajj_queue';
import * as hajjQueueDays from './007_hajj_queue_days';
import * as hajjSettlement from './008_hajj_settlement';
import * as hajjNotices from './009_hajj_notices';
import * as incidents from './010_incidents';
import * as loginThrottle from './011_login_throttle';
import * as apiKeys from './012_api_keys';
import * as sharedLimits from './013_shared_limits';
import * as staffNotices from './014_staff_notices';
import * as staffWork from './015_staff_work';
import * as selfService from './016_self_service';
import * as hajjRegistration from './017_hajj_registration';
import * as hajjBatches from './018_hajj_batches';
import * as homeNotice from './019_home_notice';
import * as relayNotifications from './020_relay_notifications';
import * as journeyKinds from './021_journey_kinds';
import * as hajjPaymentBatches from './022_hajj_payment_batches';

/**
 * Migrations in order. An explicit list (rather than a folder scan) keeps names free of the file
 * extension, so the same database migrates alike from sources (.ts) and from the build (.js).
 */
const migrations: Record<string, Knex.Migration> = {
  '001_init': init,
  '002_calendar': calendar,
  '003_staff': staff,
  '005_hajj': hajj,
  '006_hajj_queue': hajjQueue,
  '007_hajj_queue_days': hajjQueueDays,
  '008_hajj_settlement': hajjSettlement,
  '009_hajj_notices': hajjNotices,
  '010_incidents': incidents,
  '011_login_throttle': loginThrottle,
  '012_api_keys': apiKeys,
  '013_shared_limits': sharedLimits,
  '014_staff_notices': staffNotices,
  '015_staff_work': staffWork,
  '016_self_service': selfService,
  '017_hajj_registration': hajjRegistration,
  '018_hajj_batches': hajjBatches,
  '019_home_notice': homeNotice,
  '020_relay_notifications': relayNotifications,
  '021_journey_kinds': journeyKinds,
  '022_hajj_payment_batches': hajjPaymentBatches,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};
