import type { DemoFlow } from '../flow.ts'
import { apiTokenFlow } from './api-token.ts'
import { contactHashFlow } from './contact-hash.ts'
import { errorsFlow } from './errors.ts'
import { jwtFlow } from './jwt.ts'
import { oauthFlow } from './oauth.ts'
import { otpFlow } from './otp.ts'

/** The flows in the order a newcomer meets them (Orgo's Authentication page order). */
export const DEMO_FLOWS: DemoFlow[] = [apiTokenFlow, jwtFlow, otpFlow, oauthFlow, contactHashFlow, errorsFlow]
