/**
 * Verifies the audit log's hash chain: `npm run audit:verify`. Exit code 0 when intact, 1 when a record was
 * altered, removed or inserted (the first broken record's id is printed). With the embedded database, stop the
 * app first (its data directory admits one process) or use GET /api/audit/verify as an auditor.
 */
import { loadConfig } from '../server/config.ts';
import { verifyAuditChain } from '../server/core/audit.ts';
import { openDatabase } from '../server/db/prepare.ts';

const config = loadConfig();
const database = await openDatabase(config);
try {
  const result = await verifyAuditChain(database.db);
  if (result.ok) {
    console.log(`审计日志哈希链完整 / audit chain intact: ${result.checked} records verified`);
  } else {
    console.error(
      `审计日志哈希链在记录 ${result.firstBrokenId} 处断开 / audit chain broken at record ${result.firstBrokenId} (${result.checked} records before it verified)`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
