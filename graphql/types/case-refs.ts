/** Object refs of the cases and complaints contexts, declared once so type files can refer to each other. */
import type { Discharger, EnforcementCase, Evidence, Sample, Sanction } from '../../services/cases/model.ts';
import type { Complaint } from '../../services/complaints/model.ts';
import { builder } from '../builder.ts';

export const CaseRef = builder.objectRef<EnforcementCase>('Case');
export const DischargerRef = builder.objectRef<Discharger>('EnterpriseFile');
export const EvidenceRef = builder.objectRef<Evidence>('Evidence');
export const SampleRef = builder.objectRef<Sample>('Sample');
export const SanctionRef = builder.objectRef<Sanction>('Sanction');
export const ComplaintRef = builder.objectRef<Complaint>('Complaint');
