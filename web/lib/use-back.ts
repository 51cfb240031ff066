import { useNavigate } from 'react-router-dom';

/**
 * "Back" that stays in the app: the previous page when the user came from one, else `fallback` (a link opened
 * in a new tab has no previous page of ours). React Router numbers its history entries in `state.idx`.
 */
export function useBack(fallback: string): () => void {
  const navigate = useNavigate();
  return () => {
    const idx = (window.history.state as { idx?: unknown } | null)?.idx;
    if (typeof idx === 'number' && idx > 0) navigate(-1);
    else navigate(fallback);
  };
}
