/**
 * What the simulated backend does for each operation of the registry. The table is typed by the
 * registry: an operation added there and missing here, or answering something its schemas do not
 * allow, fails to compile.
 */
import type { CallOptions, OperationInput, OperationName } from '../../api-schemas/index.js';
import * as ameli from './ameli.js';
import type { CoreContext, Outcome } from './context.js';
import * as mes from './mes.js';

export type Behaviour = { [K in OperationName]: (ctx: CoreContext, input: OperationInput<K>, opts?: CallOptions) => Promise<Outcome<K>> };

export const BEHAVIOUR: Behaviour = {
  createAccount: ameli.createAccount,
  requestPasswordReset: ameli.requestPasswordReset,
  resetLinkStatus: ameli.resetLinkStatus,
  setNewPassword: ameli.setNewPassword,
  login: ameli.login,
  verifyLoginOtp: ameli.verifyLoginOtp,
  mesIdentify: mes.identify,
  mesNewProvisionalCode: mes.newProvisionalCode,
  mesSendAccessCode: mes.sendAccessCode,
  mesVerifyAccessCode: mes.verifyAccessCode,
  mesActivate: mes.activate,
  mesOppose: mes.oppose,
  mesDependantDecision: mes.dependantDecision,
  mesClose: mes.close,
};
