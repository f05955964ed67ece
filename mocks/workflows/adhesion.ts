import type { Workflow } from '../handlers/overlay-types.ts'
import { createAdhesion, listAdhesions, readAdhesion, updateAdhesion } from './adhesion-apply.ts'
import { registerChild } from './adhesion-child.ts'
import { adhesionPdf, uploadId, uploadSigned, uploadVideo } from './adhesion-documents.ts'
import {
  readIdentity,
  rejectIdentity,
  reopenIdentity,
  updateIdentity,
  validateIdentity,
} from './adhesion-identity.ts'
import { sendAdhesion, updateStatus, updateInterview } from './adhesion-status.ts'

// Orgo's membership application (docs: onboard-a-new-member), on the schema engine by operationId.
//
// States and transitions (adhesion-status.ts holds the table):
//   create -> NEW --upload-id, upload-signed (and update, upload-video) while NEW--> send -> PENDING
//   PENDING -> VALIDATED | REJECTED | NEW;  VALIDATED -> INTERVIEWED | SUCCESS | REJECTED | NEW;
//   INTERVIEWED -> SUCCESS | REJECTED | NEW;  REJECTED and SUCCESS are final. Anything else: 409 (a status the
//   application already has: 200, nothing done; a value outside NEW, VALIDATED, INTERVIEWED, REJECTED, SUCCESS: 422).
//   Updates and uploads only while NEW (409 otherwise); back to NEW clears the uploaded documents.
// Side effects: send mails the center's HR ('adhesion-submitted'); VALIDATED, REJECTED and SUCCESS mail the
// applicant ('adhesion-validated', 'adhesion-rejected', 'adhesion-welcome'); SUCCESS activates the applicant
// (status ACTIVE, ROLE_MEMBER) and assigns the tenant's `member` role for the center (a user_roles record).
// The applicant is a row of the users table, so `user.created` and `user.updated` follow from the writes.

export const ADHESION_WORKFLOW: Workflow = {
  operations: {
    adhesion_create: createAdhesion,
    adhesion_update_data: updateAdhesion,
    api_adhesion_id_get: readAdhesion,
    api_adhesions_get_collection: listAdhesions,
    adhesion_upload_id_copy: uploadId,
    adhesion_upload_signed_document: uploadSigned,
    adhesion_upload_video: uploadVideo,
    adhesion_pdf: adhesionPdf,
    adhesion_send: sendAdhesion,
    adhesion_status_update: updateStatus,
    adhesion_interview_update: updateInterview,
    api_identity_id_get: readIdentity,
    update_data: updateIdentity,
    validate: validateIdentity,
    reject: rejectIdentity,
    reopen: reopenIdentity,
    user_register_child: registerChild,
  },
}
