import type { Db } from '../..';

export interface Province {
  slug: string;
  name: string;
  areaCode: string;
}

export interface Subject {
  slug: string;
  name: string;
  desk: 'province' | 'inspection';
  slaBusinessDays: number;
  children: { slug: string; name: string }[];
}

export interface Reference {
  provinces: Province[];
  subjects: Subject[];
  province(slug: string): Province | undefined;
  subject(slug: string): Subject | undefined;
}

/** Provinces and subjects, as the forms and routing read them. */
export async function loadReference(db: Db): Promise<Reference> {
  const [provinceRows, subjectRows, childRows] = await Promise.all([
    db('provinces').select('slug', 'name_fa', 'area_code').orderBy('position'),
    db('subjects').select('slug', 'name_fa', 'desk', 'sla_business_days').orderBy('position'),
    db('sub_subjects').select('subject_slug', 'slug', 'name_fa').orderBy(['subject_slug', 'position']),
  ]);
  const provinces: Province[] = provinceRows.map((p) => ({
    slug: p.slug,
    name: p.name_fa,
    areaCode: p.area_code,
  }));
  const subjects: Subject[] = subjectRows.map((s) => ({
    slug: s.slug,
    name: s.name_fa,
    desk: s.desk,
    slaBusinessDays: s.sla_business_days,
    children: childRows
      .filter((c) => c.subject_slug === s.slug)
      .map((c) => ({ slug: c.slug, name: c.name_fa })),
  }));
  return {
    provinces,
    subjects,
    province: (slug) => provinces.find((p) => p.slug === slug),
    subject: (slug) => subjects.find((s) => s.slug === slug),
  };
}
