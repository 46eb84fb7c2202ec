import { committed, SECTIONS, withSection } from './sections';

describe('generated tables of docs/', () => {
  test.each(SECTIONS.map((s) => [s.name, s.file, s] as const))('%s in %s is what npm run docs writes', (_name, _file, section) => {
    const text = committed(section);
    expect(withSection(text, section, section.render())).toBe(text);
  });
});
