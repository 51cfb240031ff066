import { formatChineseDate, headingNumber } from '#domain/bulletin-number.ts';
import { agendaItemKindLabels } from '#domain/dispatch-agenda.ts';
import type { OfficialBlock, OfficialDocument } from '#domain/official-document.ts';
import {
  type DispatchAgendaKind,
  type DispatchMeetingDetail,
  otherAgendaKindLabel,
} from '#domain/schemas/dispatch-meetings.ts';

/** 发文机关 of the record: the administration that holds the meeting. */
export const RECORD_ISSUER = '西部（重庆）科学城管委会';

const kindLabel = (kind: DispatchAgendaKind) =>
  kind === 'other' ? otherAgendaKindLabel.zh : agendaItemKindLabels[kind].zh;

/** Text as paragraphs: one per non-empty line, as the minutes were typed. */
const paragraphs = (text: string | null): OfficialBlock[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => ({ kind: 'paragraph', text: line }));

/** 建设局局长杨帆: organisation, position and name, as a record lists attendees. */
function attendeeText(a: DispatchMeetingDetail['attendees'][number]): string {
  return `${a.organizationName ?? ''}${a.position ?? ''}${a.name}`;
}

/**
 * The meeting record (会议纪要) in the form a 管委会 issues it: time, place, chair and attendance (absences with
 * their reason), then per agenda section and item what was discussed, then the decisions (议定事项) numbered as
 * in the meeting with the responsible organisation and the deadline. Only what the reader may see is passed in;
 * a partial record says so.
 */
export function buildMeetingRecord(detail: DispatchMeetingDetail): OfficialDocument {
  const blocks: OfficialBlock[] = [];
  const when = `${formatChineseDate(detail.meetingDate)}${detail.startTime ? ` ${detail.startTime}` : ''}`;
  blocks.push({ kind: 'paragraph', text: `时间：${when}` });
  if (detail.place) blocks.push({ kind: 'paragraph', text: `地点：${detail.place}` });
  if (detail.chair) blocks.push({ kind: 'paragraph', text: `主持：${detail.chair}` });
  const present = detail.attendees.filter((a) => a.present);
  const absent = detail.attendees.filter((a) => !a.present);
  if (present.length)
    blocks.push({ kind: 'paragraph', text: `参会：${present.map(attendeeText).join('，')}` });
  if (absent.length) {
    blocks.push({
      kind: 'paragraph',
      text: `请假：${absent.map((a) => `${attendeeText(a)}（${a.absenceReason ?? ''}）`).join('，')}`,
    });
  }
  blocks.push(...paragraphs(detail.summary));
  if (detail.hiddenAgendaItems || detail.hiddenActions) {
    blocks.push({
      kind: 'paragraph',
      text: `（按数据权限，本纪要略去其他项目的议题 ${detail.hiddenAgendaItems} 项、议定事项 ${detail.hiddenActions} 项。）`,
    });
  }

  blocks.push({ kind: 'heading', level: 1, text: `${headingNumber(1, 1)}会议研究事项` });
  if (detail.agenda.length === 0) blocks.push({ kind: 'paragraph', text: '无。' });
  // Consecutive items of one kind form a section: the proposal orders them so, and an edited agenda keeps the
  // organiser's order even where it mixes kinds.
  let section = 0;
  let item = 0;
  let previous: DispatchAgendaKind | null = null;
  for (const a of detail.agenda) {
    if (a.kind !== previous) {
      section += 1;
      item = 0;
      previous = a.kind;
      blocks.push({ kind: 'heading', level: 2, text: `${headingNumber(2, section)}${kindLabel(a.kind)}` });
    }
    item += 1;
    blocks.push({ kind: 'heading', level: 3, text: `${headingNumber(3, item)}${a.title}` });
    const minutes = paragraphs(a.minutes);
    blocks.push(
      ...(minutes.length ? minutes : [{ kind: 'paragraph' as const, text: '（未记录研究情况。）' }]),
    );
  }

  blocks.push({ kind: 'heading', level: 1, text: `${headingNumber(1, 2)}议定事项` });
  const decided = detail.actions.filter((a) => a.status !== 'cancelled');
  if (decided.length === 0) blocks.push({ kind: 'paragraph', text: '无。' });
  for (const a of decided) {
    const owner = a.ownerUserName
      ? `责任单位：${a.ownerOrganizationName}，责任人：${a.ownerUserName}`
      : `责任单位：${a.ownerOrganizationName}`;
    blocks.push({
      kind: 'paragraph',
      text: `${headingNumber(3, a.sequence)}${a.content}（${owner}；完成时限：${formatChineseDate(a.deadline)}前，${a.workingDays}个工作日）`,
    });
  }

  return {
    issuer: RECORD_ISSUER,
    title: `${detail.title}纪要`,
    blocks,
    signature: { issuer: RECORD_ISSUER, date: detail.meetingDate },
  };
}
