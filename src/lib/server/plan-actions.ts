/**
 * What the planning pages' actions share: reading the request's form once (a body that is
 * not a form is "the form is broken", not a crash).
 */
import { readPlanForm, type PlanFormResult } from './plan-form.ts';

export async function readPlanRequest(request: Request): Promise<PlanFormResult> {
	let data: FormData;
	try {
		data = await request.formData();
	} catch {
		return { ok: false, errors: { form: 'auth.badForm' }, values: readPlanForm(new FormData()).values };
	}
	return readPlanForm(data);
}
