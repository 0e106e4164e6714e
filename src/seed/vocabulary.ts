/** Built-in word lists for plausible dealership data (no dependency, no network). */

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Amelia',
  'Noah',
  'Isla',
  'Oliver',
  'Ava',
  'Jack',
  'Mia',
  'Harry',
  'Sophia',
  'Leo',
  'Grace',
  'Arthur',
  'Chloe',
  'Oscar',
  'Emily',
  'Muhammad',
  'Ella',
  'George',
  'Freya',
  'Charlie',
  'Lily',
  'Theo',
  'Zara',
  'Jacob',
  'Aisha',
  'Ethan',
  'Hannah',
  'Lucas',
  'Priya',
  'Mateo',
  'Yuki',
  'Wei',
  'Fatima',
  'Kwame',
  'Sofia',
  'Diego',
  'Ingrid',
  'Tomasz',
  'Niamh',
  'Rhys',
  'Siobhan',
  'Callum',
  'Anika',
  'Ravi',
  'Mei',
  'Omar',
  'Elena',
  'Pedro',
  'Chidi',
  'Amara',
  'Lars',
  'Freja',
  'Aroha',
  'Tane',
  'Maya',
  'Samuel',
  'Ruby',
  'Daniel',
] as const;

export const LAST_NAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Khan',
  'Lewis',
  'Hughes',
  'Edwards',
  'Murphy',
  "O'Brien",
  'MacDonald',
  'Nguyen',
  'Chen',
  'Kowalski',
  'García',
  'Okafor',
  'Mensah',
  'Novak',
  'Larsen',
  'Haddad',
  'Singh',
  'Kim',
  'Tanaka',
  'Ferreira',
  'Rossi',
  'Dubois',
  'Schmidt',
  'Byrne',
  'Ngata',
  'Fraser',
  'Campbell',
  'Ahmed',
  'Silva',
] as const;

export const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example', 'inbox.example'] as const;

/** make → models → trims. */
export const VEHICLES: readonly { make: string; models: readonly { model: string; trims: readonly string[] }[] }[] = [
  {
    make: 'Toyota',
    models: [
      { model: 'RAV4 Hybrid', trims: ['LE', 'XLE', 'Limited', 'Adventure'] },
      { model: 'Corolla', trims: ['L', 'LE', 'SE', 'XSE'] },
      { model: 'Camry', trims: ['LE', 'SE', 'XLE', 'TRD'] },
      { model: 'Hilux', trims: ['Workmate', 'SR', 'SR5', 'Rogue'] },
    ],
  },
  {
    make: 'Ford',
    models: [
      { model: 'Ranger', trims: ['XL', 'XLT', 'Wildtrak', 'Raptor'] },
      { model: 'Puma', trims: ['Titanium', 'ST-Line', 'ST'] },
      { model: 'Mustang Mach-E', trims: ['Select', 'Premium', 'GT'] },
    ],
  },
  {
    make: 'Volkswagen',
    models: [
      { model: 'Golf', trims: ['Life', 'Style', 'R-Line', 'GTI'] },
      { model: 'Tiguan', trims: ['Life', 'Elegance', 'R-Line'] },
      { model: 'ID.4', trims: ['Pure', 'Pro', 'GTX'] },
    ],
  },
  {
    make: 'Hyundai',
    models: [
      { model: 'Tucson', trims: ['SE', 'Premium', 'N Line'] },
      { model: 'Ioniq 5', trims: ['Standard Range', 'Long Range', 'N'] },
      { model: 'i30', trims: ['Active', 'Elite', 'N Line'] },
    ],
  },
  {
    make: 'Kia',
    models: [
      { model: 'Sportage', trims: ['S', 'SX', 'GT-Line'] },
      { model: 'EV6', trims: ['Air', 'GT-Line', 'GT'] },
      { model: 'Picanto', trims: ['S', 'GT-Line'] },
    ],
  },
  {
    make: 'Mazda',
    models: [
      { model: 'CX-5', trims: ['Maxx', 'Touring', 'GT', 'Akera'] },
      { model: 'Mazda3', trims: ['G20 Pure', 'G25 Evolve', 'Astina'] },
    ],
  },
  {
    make: 'Tesla',
    models: [
      { model: 'Model 3', trims: ['RWD', 'Long Range', 'Performance'] },
      { model: 'Model Y', trims: ['RWD', 'Long Range'] },
    ],
  },
  {
    make: 'BMW',
    models: [
      { model: 'X3', trims: ['xDrive20d', 'xDrive30e', 'M40i'] },
      { model: '3 Series', trims: ['320i', '330e', 'M340i'] },
    ],
  },
  {
    make: 'Honda',
    models: [
      { model: 'CR-V', trims: ['Vi', 'VTi', 'e:HEV RS'] },
      { model: 'Civic', trims: ['LX', 'Sport', 'Type R'] },
      { model: 'Jazz', trims: ['Elegance', 'Advance', 'Crosstar'] },
    ],
  },
  {
    make: 'Nissan',
    models: [
      { model: 'Qashqai', trims: ['Visia', 'Acenta', 'N-Connecta', 'Tekna'] },
      { model: 'Leaf', trims: ['Acenta', 'e+ Tekna'] },
      { model: 'Navara', trims: ['SL', 'ST', 'PRO-4X'] },
    ],
  },
  {
    make: 'Škoda',
    models: [
      { model: 'Octavia', trims: ['SE', 'SE L', 'vRS'] },
      { model: 'Enyaq', trims: ['60', '85', 'Coupé vRS'] },
    ],
  },
  {
    make: 'Subaru',
    models: [
      { model: 'Outback', trims: ['AWD', 'Touring', 'Sport'] },
      { model: 'Forester', trims: ['2.5i', '2.5i-L', 'Hybrid S'] },
    ],
  },
];

/** Lead sources with a rough share of a dealership's leads. */
export const SOURCES: readonly (readonly [string, number])[] = [
  ['Website', 26],
  ['Walk-in', 14],
  ['Phone', 12],
  ['AutoTrader', 14],
  ['CarGurus', 9],
  ['Facebook', 7],
  ['Referral', 6],
  ['Google Ads', 6],
  ['Repeat customer', 4],
  ['Service department', 2],
];

export const STAFF_FIRST = [
  'Sam',
  'Jordan',
  'Alex',
  'Casey',
  'Morgan',
  'Riley',
  'Taylor',
  'Jamie',
  'Devon',
  'Avery',
  'Quinn',
  'Harper',
  'Rowan',
  'Kai',
  'Reese',
  'Skyler',
  'Logan',
  'Parker',
  'Drew',
  'Emerson',
] as const;

export const STAFF_LAST = [
  'Mitchell',
  'Okoye',
  'Brennan',
  'Castillo',
  'Lindqvist',
  'Park',
  'Hargreaves',
  'Adeyemi',
  'Moreau',
  'Sato',
  'Whitfield',
  'Rahman',
  'Kovacs',
  'Delaney',
  'Achterberg',
  'Te Rangi',
  'Ivanova',
  'Balogun',
  'Ferraro',
  'Quigley',
] as const;

export const PROGRESS_NOTES = [
  'Customer called back, keen to come in this week.',
  'Sent brochure and finance options by email.',
  'Test drive went well; partner wants to see it too.',
  'Trade-in looked at, figures sent.',
  'Waiting on finance approval.',
  'Left voicemail, will try again tomorrow.',
  'Customer comparing with a dealer across town.',
  'Booked in to discuss the deal on Saturday.',
  'Prefers SMS; replied with availability.',
  'Deposit discussed, needs to talk to the bank.',
] as const;

export const LEAD_NOTES = [
  'Asked about towing capacity.',
  'Wants a colour we do not have in stock; checking the factory order time.',
  'Has two children, needs ISOFIX in all rear seats.',
  'Budget around the monthly figure we quoted.',
  'Existing customer, bought from us in 2019.',
  'Interested in the extended warranty.',
  'Prefers to be called after 5 pm.',
  'Wants to know the range in winter.',
] as const;

export const LOST_NOTES: Record<string, readonly string[]> = {
  'bought-elsewhere': ['Bought the same model from another dealer.', 'Went with a competitor brand.'],
  price: ['Could not meet the price; gap too big.', 'Monthly payment was over budget.'],
  'finance-declined': ['Finance application declined.', 'Lender would not approve the balloon.'],
  'no-response': ['No reply to calls, emails or SMS for three weeks.', 'Number disconnected.'],
  'delayed-purchase': ['Job situation changed; revisit next year.', 'Holding off until the new model arrives.'],
  'trade-in-value': ['Expected much more for the trade-in.', 'Trade-in offer not accepted.'],
  'vehicle-unavailable': ['Wanted it within two weeks; factory lead time is four months.'],
  duplicate: ['Duplicate of an existing lead.'],
  'test-lead': ['Test submission from the website form.'],
};

export const WON_NOTES = [
  'Delivered, customer very happy.',
  'Paperwork complete; delivery booked.',
  'Sold with extended warranty and ceramic coating.',
  'Trade-in accepted; finance settled.',
] as const;

export const DECLINE_REASONS = [
  'Give it another week, they were keen last time.',
  'Try the manager special on finance first.',
  'Call them yourself before closing, please.',
] as const;

/** Customer names that try to break out of text: a fixture for escaping tests (`hostileNames`). */
export const HOSTILE_NAMES = ['<img src=x onerror=alert(1)>', '"><svg onload=alert(2)><!--'] as const;
