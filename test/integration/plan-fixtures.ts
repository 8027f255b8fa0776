/** Test fixtures of the plan context: generated plan documents of any size, and a whole-table Scan. */
import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { PlanDocumentInput } from '../../services/plan/model.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { fromAttributes, type Item } from '../../services/shared/store/codec.ts';

export interface GeneratedPlanOptions {
  id: string;
  tasks: number;
  /** Agencies and townships; one more unit, the township group, is added on top. */
  units?: number;
  year?: number;
}

const CATEGORIES = ['URBAN_DOMESTIC', 'INDUSTRIAL', 'AGRICULTURE_RURAL', 'WATER_MANAGEMENT'];
const WORKS = [
  '生活污水收集管网建设',
  '入河排污口排查整治',
  '畜禽粪污资源化利用',
  '黑臭水体巡查',
  '雨污分流改造',
];
const ROLES = ['LEAD', 'RESPONSIBLE', 'COOPERATING'] as const;

/**
 * A plan shaped like the Yanhu one but as large as asked: short realistic texts, 1–2 milestones and
 * 2–3 assignments per task spread over the units, one township group.
 */
export function generatePlan({
  id,
  tasks,
  units = 20,
  year = 2020,
}: GeneratedPlanOptions): PlanDocumentInput {
  const unitIds = Array.from({ length: units }, (_, i) => `${id}-unit-${i + 1}`);
  const townships = unitIds.slice(-3);
  return {
    id,
    title: `${id} 水污染治理攻坚方案`,
    documentNumber: `测试发〔${year}〕${tasks}号`,
    issuer: '测试区人民政府办公室',
    issuedOn: `${year}-03-31`,
    district: '测试区',
    year,
    goals: ['地表水环境质量持续改善'],
    supervisorUnitId: unitIds[0] as string,
    governmentUnitId: unitIds[1] as string,
    units: [
      ...unitIds.map((unitId, i) => ({
        id: unitId,
        name: `测试区第${i + 1}责任单位`,
        kind: townships.includes(unitId) ? ('TOWNSHIP' as const) : ('AGENCY' as const),
      })),
      { id: `${id}-townships`, name: '各乡镇办', kind: 'GROUP' as const, memberIds: townships },
    ],
    tasks: Array.from({ length: tasks }, (_, i) => {
      const n = i + 1;
      const work = WORKS[i % WORKS.length] as string;
      const month = (i % 9) + 4;
      return {
        number: String(n),
        category: CATEGORIES[i % CATEGORIES.length] as string,
        title: `第${n}片区${work}`,
        description: `推进第${n}片区${work}，${month}月底前完成并报送进展。`,
        milestones: [
          { id: 'main', title: `${work}完成`, due: `${year}-${String(month).padStart(2, '0')}` },
          ...(n % 2 === 0 ? [{ id: 'review', title: '验收评估' }] : []),
        ],
        assignments: Array.from({ length: 2 + (n % 2) }, (_, j) => ({
          role: ROLES[j] as (typeof ROLES)[number],
          unitId: j === 2 ? `${id}-townships` : (unitIds[(i + j * 7) % (units - 3)] as string),
        })),
      };
    }),
  };
}

/** Every item in the table, unmarshalled. A Scan is fine in a test: it is how we see "nothing else". */
export async function scanAll(store: Store): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await store.db.send(
      new ScanCommand({ TableName: store.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    for (const raw of page.Items ?? []) items.push(fromAttributes(raw));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Items sorted by key, for comparing whole-table snapshots. */
export async function snapshot(store: Store): Promise<Item[]> {
  const items = await scanAll(store);
  return items.sort((a, b) => `${a.PK}|${a.SK}`.localeCompare(`${b.PK}|${b.SK}`));
}
