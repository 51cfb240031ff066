import { Alert } from 'antd';

/** The server's (or the schema's) problems that belong to no single field, each on its own line. */
export function ProblemsAlert({ title, problems }: { title: string; problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      message={title}
      description={
        problems.length === 1 ? (
          problems[0]
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )
      }
    />
  );
}
