/** Commands from the views: a refused one is shown as the document's notice. */
import { CanopyError } from '../../../shared/model';
import type { ViewState } from './view-store';

/** Runs a command; a refused one becomes a visible notice instead of an exception. */
export function attempt(view: Pick<ViewState, 'setNotice'>, fn: () => void): boolean {
  try {
    fn();
    view.setNotice(null);
    return true;
  } catch (e) {
    if (e instanceof CanopyError) {
      view.setNotice(e.message);
      return false;
    }
    throw e;
  }
}
