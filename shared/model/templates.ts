/**
 * Templates a new document starts from. The example is a fictional organisation,
 * "Riverbend Libraries", so a newcomer sees every part of a Lean Value Tree filled in.
 */
import type { OutlineItem } from './document';

export const TEMPLATES = ['blank', 'example'] as const;
export type TemplateId = (typeof TEMPLATES)[number];

export interface Template {
  id: TemplateId;
  name: string;
  description: string;
  title: string;
  vision: OutlineItem;
}

const blank: Template = {
  id: 'blank',
  name: 'Blank tree',
  description: 'A vision to start from. Add goals, bets and initiatives as the room talks.',
  title: 'Untitled tree',
  vision: { title: '' },
};

const example: Template = {
  id: 'example',
  name: 'Example: Riverbend Libraries',
  description:
    'A worked tree with goals, bets and initiatives that carry measures, hypotheses and assumptions.',
  title: 'Riverbend Libraries strategy',
  vision: {
    title: 'Every resident of Riverbend can learn anything, anytime, for free',
    description: 'Libraries as the town’s open learning commons, in the branches and online.',
    owner: 'Director',
    children: [
      {
        kind: 'goal',
        title: 'More residents learn with us every month',
        owner: 'Head of Services',
        tags: ['reach'],
        measures: [
          {
            name: 'Monthly active members',
            baseline: 8200,
            target: 12000,
            current: 9100,
            unit: 'members',
            direction: 'increase',
            due: '2027-06-30',
          },
        ],
        children: [
          {
            kind: 'bet',
            title: 'Bring the library to where people already are',
            owner: 'Outreach Lead',
            investment: '2 staff, 9 months',
            confidence: 60,
            tags: ['reach', 'outreach'],
            hypothesis: {
              believe: 'pop-up libraries in markets and transit hubs',
              result: 'residents who never visit a branch signing up',
              signal: '800 new members sign up at pop-ups within six months',
            },
            measures: [
              {
                name: 'Sign-ups at pop-ups',
                baseline: 0,
                target: 800,
                current: 140,
                unit: 'members',
                direction: 'increase',
              },
            ],
            assumptions: [
              { text: 'People at markets have ten minutes to spare', risk: 'medium' },
              { text: 'We can staff pop-ups without closing branch hours', risk: 'high' },
            ],
            children: [
              {
                kind: 'initiative',
                title: 'Saturday market pop-up pilot',
                owner: 'Amara Osei',
                confidence: 55,
                tags: ['pilot'],
                hypothesis: {
                  believe: 'a stand at the Saturday market with instant sign-up',
                  result: 'forty sign-ups a week',
                  signal: '40 sign-ups a week for four weeks running',
                },
                measures: [
                  {
                    name: 'Weekly sign-ups',
                    baseline: 0,
                    target: 40,
                    current: 18,
                    unit: 'sign-ups',
                    direction: 'increase',
                  },
                ],
                assumptions: [{ text: 'Instant digital cards work on market Wi-Fi', risk: 'high' }],
              },
              {
                kind: 'initiative',
                title: 'Book lockers at two train stations',
                owner: 'Jonas Berg',
                confidence: 40,
                hypothesis: {
                  believe: 'self-service hold lockers at stations',
                  result: 'commuters borrowing again',
                  signal: '300 locker pick-ups a month by month three',
                },
                assumptions: [{ text: 'The rail operator lets us install lockers', risk: 'high' }],
              },
            ],
          },
          {
            kind: 'bet',
            title: 'Make the digital library effortless',
            owner: 'Digital Lead',
            investment: '1 team, 6 months',
            confidence: 70,
            tags: ['digital'],
            hypothesis: {
              believe: 'one-tap e-book borrowing in our app',
              result: 'more monthly digital loans',
              signal: 'digital loans per member up 30% in two quarters',
            },
            measures: [
              {
                name: 'Digital loans per member',
                baseline: 1.2,
                target: 1.6,
                current: 1.3,
                unit: 'loans',
                direction: 'increase',
              },
            ],
            children: [
              {
                kind: 'initiative',
                title: 'One-tap borrowing prototype',
                owner: 'Lee Park',
                confidence: 65,
                hypothesis: {
                  believe: 'removing the three-step checkout',
                  result: 'fewer abandoned loans',
                  signal: 'abandoned checkouts fall below 10%',
                },
                measures: [
                  {
                    name: 'Abandoned checkouts',
                    baseline: 34,
                    target: 10,
                    current: 27,
                    unit: '%',
                    direction: 'decrease',
                  },
                ],
              },
            ],
          },
        ],
      },
      {
        kind: 'goal',
        title: 'Adults gain skills that change their work',
        owner: 'Head of Learning',
        tags: ['skills'],
        measures: [
          {
            name: 'Learners reporting a work outcome',
            baseline: 12,
            target: 35,
            current: 15,
            unit: '%',
            direction: 'increase',
            due: '2027-12-31',
          },
        ],
        children: [
          {
            kind: 'bet',
            title: 'Peer-led skills circles in every branch',
            owner: 'Learning Lead',
            investment: 'volunteer coordinators, 12 months',
            confidence: 45,
            tags: ['skills', 'community'],
            hypothesis: {
              believe: 'weekly circles led by local volunteers',
              result: 'adults completing practical courses',
              signal: '60% of circle members finish a course',
            },
            assumptions: [{ text: 'Enough volunteers will commit for a whole term', risk: 'high' }],
            children: [
              {
                kind: 'initiative',
                title: 'Digital skills circle at Northside',
                owner: 'Priya Nair',
                confidence: 50,
                hypothesis: {
                  believe: 'a circle on spreadsheets and online forms',
                  result: 'job-seekers completing applications',
                  signal: '15 applications submitted by participants in eight weeks',
                },
                measures: [
                  {
                    name: 'Applications submitted',
                    baseline: 0,
                    target: 15,
                    current: 4,
                    unit: 'applications',
                    direction: 'increase',
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
};

export const TEMPLATE_LIST: readonly Template[] = [blank, example];
export const templateById = (id: TemplateId): Template => (id === 'example' ? example : blank);
