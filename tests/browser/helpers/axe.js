// axe-core on a page: the violations of impact serious or critical, as readable lines, so a
// failing check names the rule and the elements.

import AxeBuilder from '@axe-core/playwright';

/** `rule-id (impact): help [targets]` for every serious or critical violation on `page`. */
export async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations
    .filter((violation) => ['serious', 'critical'].includes(violation.impact))
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} [${violation.nodes
      .map((node) => node.target.join(' '))
      .join(', ')}]`);
}
