/**
 * Embedded name, variant and postcode lists for the linkage generator (bench/linkage/generate.ts).
 *
 * Each list is in rough order of frequency among children in England and Wales (most common first); the
 * generator draws from it with a Zipf-like skew, so "Mohammed", "Oliver", "Smith" and "Khan" are common and the
 * tail is long. Real given names and real surnames, drawn independently: every combination, date of birth and
 * postcode is invented, and no generated child is a real one.
 *
 * This table is the generator's own. It is written independently of the matching engine's nickname table
 * (src/domain/linkage/), on purpose: the bench should measure the engine on variants it was not built from.
 */

export type Background = 'white' | 'southAsian' | 'black' | 'eastEuropean' | 'other';

/** Boys' given names by background, most common first. */
export const boys: Record<Background, readonly string[]> = {
  white: [
    'Oliver', 'Jack', 'Harry', 'George', 'Charlie', 'Jacob', 'Thomas', 'Noah', 'Oscar', 'William', 'James', 'Leo', 'Alfie',
    'Joshua', 'Freddie', 'Archie', 'Ethan', 'Isaac', 'Alexander', 'Joseph', 'Edward', 'Samuel', 'Max', 'Daniel', 'Logan',
    'Lucas', 'Dylan', 'Harrison', 'Mason', 'Riley', 'Tyler', 'Finley', 'Jake', 'Callum', 'Kieran', 'Connor', 'Lewis', 'Ryan',
    'Liam', 'Benjamin', 'Matthew', 'Luke', 'Nathan', 'Owen', 'Reece', 'Jayden', 'Kai', 'Bradley', 'Aaron', 'Ellis', 'Toby',
    'Louie', 'Henry', 'Theo', 'Sebastian', 'Arthur', 'Luca', 'Zachary', 'Jenson', 'Reggie', 'Frankie', 'Bobby', 'Teddy',
    'Tommy', 'Ronnie', 'Stanley', 'Albie', 'Rory', 'Caleb', 'Elliot', 'Harvey', 'Jamie', 'Cameron', 'Brandon', 'Declan',
    'Kyle', 'Adam', 'Aiden', 'Jordan', 'Corey', 'Morgan', 'Rhys', 'Billy', 'Sonny', 'Lenny', 'Jude', 'Hugo', 'Elijah', 'Blake',
    'Louis', 'Michael', 'Christopher', 'Anthony', 'Nicholas', 'Robert', 'Richard', 'Jonathan', 'Stephen', 'Frederick',
    'Alfred', 'Charles', 'Jonah', 'Kayden', 'Leighton', 'Mackenzie', 'Kian', 'Dexter', 'Harley', 'Ashton', 'Brody',
    'Dominic', 'Ewan', 'Fraser', 'Gabriel', 'Isaiah', 'Jasper', 'Kenzie', 'Lincoln', 'Marley', 'Nathaniel', 'Ollie', 'Patrick',
    'Rowan', 'Ruben', 'Sean', 'Shane', 'Spencer', 'Travis', 'Vincent', 'Wesley', 'Zak', 'Alex', 'Benji', 'Cody', 'Darren',
    'Eli', 'Felix', 'Grayson', 'Hayden', 'Ivan', 'Joel', 'Keegan', 'Lee', 'Marcus', 'Niall', 'Oakley', 'Preston', 'Ralph',
  ],
  southAsian: [
    'Mohammed', 'Muhammad', 'Ibrahim', 'Yusuf', 'Adam', 'Zain', 'Ayaan', 'Hamza', 'Ali', 'Abdullah', 'Omar', 'Usman', 'Bilal',
    'Haris', 'Rayyan', 'Musa', 'Isa', 'Zakariya', 'Mohammad', 'Ahmed', 'Hassan', 'Hussain', 'Imran', 'Arjun', 'Aryan', 'Rohan',
    'Dev', 'Harjot', 'Arav', 'Vihaan', 'Krish', 'Ishaan', 'Sahil', 'Kabir', 'Nabil', 'Faisal', 'Tariq', 'Rehan', 'Saad',
    'Shayan', 'Zayan', 'Idris', 'Yahya', 'Hamid', 'Rizwan', 'Abdul', 'Sami', 'Amir', 'Ismail', 'Mohamed', 'Umar', 'Arham',
    'Aahil', 'Junaid', 'Kashif', 'Mikaeel', 'Nuh', 'Raheem', 'Sufyan', 'Taha', 'Waleed', 'Zubair', 'Gurveer', 'Manveer',
    'Harvinder', 'Jaskaran', 'Sukhdeep', 'Anish', 'Nikhil', 'Veer',
  ],
  black: [
    'David', 'Daniel', 'Joshua', 'Samuel', 'Emmanuel', 'Michael', 'Isaac', 'Elijah', 'Jayden', 'Tyrese', 'Kai', 'Malachi',
    'Mohamed', 'Nathaniel', 'Marcus', 'Jermaine', 'Andre', 'Tobi', 'Oluwaseun', 'Oluwatobi', 'Chukwuemeka', 'Kwame', 'Kofi',
    'Ayo', 'Tyrell', 'Deshawn', 'Kyrie', 'Reuben', 'Josiah', 'Ezekiel', 'Abdirahman', 'Abdi', 'Mohamud', 'Abdullahi', 'Yusuf',
    'Ahmed', 'Hassan', 'Kelvin', 'Divine', 'Adebayo', 'Chidi', 'Femi', 'Ikenna', 'Jamal', 'Kareem', 'Leon', 'Micah', 'Nnamdi',
    'Obinna', 'Prince', 'Rashid', 'Segun', 'Tunde', 'Zion', 'Kemar', 'Dwayne', 'Jerome', 'Omari', 'Tristan', 'Shaquille',
  ],
  eastEuropean: [
    'Jakub', 'Kacper', 'Szymon', 'Filip', 'Mateusz', 'Antoni', 'Aleksander', 'Oliwer', 'Franciszek', 'Wojciech', 'Michał',
    'Bartosz', 'Dawid', 'Piotr', 'Andrei', 'Ionuț', 'Alexandru', 'Stefan', 'Darius', 'Matei', 'Rareș', 'Lukas', 'Mantas',
    'Dominykas', 'Nojus', 'Tomas', 'Martin', 'Marek', 'Patrik', 'Igor', 'Krzysztof', 'Maksymilian', 'Nikola', 'Oskar',
    'Paweł', 'Sebastian', 'Tymon', 'Wiktor', 'Adrian', 'Denis', 'Gabriel', 'Mihai', 'Vlad', 'Emilis', 'Arnas',
  ],
  other: [
    'Mohammed', 'Ahmad', 'Ali', 'Omar', 'Yusuf', 'Mustafa', 'Karwan', 'Rebin', 'Emre', 'Mehmet', 'Yusuf', 'Can', 'Kerem',
    'Hussein', 'Hamza', 'Amir', 'Reza', 'Arash', 'Darius', 'Leo', 'Noah', 'Jack', 'Tiago', 'João', 'Diego', 'Mateo', 'Lucas',
    'Wei', 'Jun', 'Minh', 'Duc', 'Kenji', 'Johnny', 'Patrick', 'Martin', 'Michael', 'Tommy', 'Jimmy',
  ],
};

/** Girls' given names by background, most common first. */
export const girls: Record<Background, readonly string[]> = {
  white: [
    'Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Sophie', 'Grace', 'Mia', 'Poppy', 'Ella', 'Lily', 'Evie', 'Isabella',
    'Jessica', 'Chloe', 'Ruby', 'Charlotte', 'Millie', 'Daisy', 'Freya', 'Alice', 'Phoebe', 'Holly', 'Ellie', 'Erin',
    'Scarlett', 'Lucy', 'Katie', 'Megan', 'Hannah', 'Lauren', 'Amy', 'Abigail', 'Madison', 'Leah', 'Georgia', 'Bethany',
    'Rebecca', 'Caitlin', 'Courtney', 'Paige', 'Shannon', 'Jade', 'Kayleigh', 'Molly', 'Tegan', 'Niamh', 'Eleanor',
    'Elizabeth', 'Katherine', 'Alexandra', 'Victoria', 'Samantha', 'Natasha', 'Gabriella', 'Harriet', 'Matilda', 'Florence',
    'Esme', 'Rosie', 'Layla', 'Summer', 'Willow', 'Harper', 'Violet', 'Maisie', 'Darcey', 'Lacey', 'Lexi', 'Skye', 'Sienna',
    'Lola', 'Imogen', 'Eva', 'Zoe', 'Tia', 'Keira', 'Demi', 'Brooke', 'Macey', 'Jasmine', 'Amber', 'Faith', 'Hope', 'Nicole',
    'Danielle', 'Jodie', 'Abbie', 'Libby', 'Mollie', 'Evelyn', 'Annabelle', 'Bella', 'Catherine', 'Sophia', 'Isabelle',
    'Kaitlyn', 'Alexa', 'Georgina', 'Gracie', 'Ellie-Mae', 'Lily-Rose', 'Kacey', 'Leah-Marie', 'Aimee', 'Bonnie', 'Carys',
    'Cerys', 'Eloise', 'Elsie', 'Emilia', 'Felicity', 'Hollie', 'India', 'Jorja', 'Kiera', 'Lilly', 'Luna', 'Madeleine',
    'Martha', 'Nancy', 'Orla', 'Penelope', 'Rhianna', 'Rose', 'Sadie', 'Tilly', 'Savannah', 'Stephanie', 'Thea', 'Zara',
  ],
  southAsian: [
    'Fatima', 'Maryam', 'Aisha', 'Zainab', 'Ayesha', 'Hafsa', 'Khadija', 'Amina', 'Hana', 'Zara', 'Inaya', 'Anaya', 'Aleena',
    'Alisha', 'Amira', 'Safa', 'Sana', 'Noor', 'Nimra', 'Iqra', 'Mariam', 'Sumayyah', 'Hajra', 'Hira', 'Laiba', 'Eman', 'Aiza',
    'Anisa', 'Priya', 'Simran', 'Ananya', 'Riya', 'Diya', 'Kiran', 'Mehak', 'Manpreet', 'Harleen', 'Navneet', 'Sabrina',
    'Tasnim', 'Sadia', 'Nusrat', 'Jannat', 'Raisa', 'Rumana', 'Tahmina', 'Sumaiya', 'Aleeza', 'Areeba', 'Esha', 'Haniya',
    'Inaaya', 'Javeria', 'Kinza', 'Mahnoor', 'Mehwish', 'Rabia', 'Samina', 'Tanisha', 'Yasmin',
  ],
  black: [
    'Precious', 'Blessing', 'Favour', 'Grace', 'Esther', 'Deborah', 'Naomi', 'Ruth', 'Faith', 'Mercy', 'Zara', 'Amara',
    'Chidera', 'Temitope', 'Tiwalola', 'Oluwadamilola', 'Nia', 'Imani', 'Shanice', 'Tiana', 'Aaliyah', 'Jada', 'Kayla',
    'Destiny', 'Hodan', 'Fartun', 'Amina', 'Hibo', 'Sagal', 'Ifrah', 'Ayan', 'Nasra', 'Halima', 'Khadra', 'Adaeze', 'Chioma',
    'Ebony', 'Folake', 'Ife', 'Jasmine', 'Keisha', 'Latoya', 'Monique', 'Ngozi', 'Olamide', 'Simone', 'Tanisha', 'Yewande',
  ],
  eastEuropean: [
    'Zuzanna', 'Julia', 'Zofia', 'Maja', 'Hanna', 'Lena', 'Oliwia', 'Amelia', 'Wiktoria', 'Natalia', 'Alicja', 'Aleksandra',
    'Gabriela', 'Emilia', 'Nikola', 'Maria', 'Ioana', 'Andreea', 'Elena', 'Bianca', 'Daria', 'Sofia', 'Ieva', 'Gabija',
    'Kamila', 'Klaudia', 'Patrycja', 'Weronika', 'Karolina', 'Agnieszka', 'Martyna', 'Paulina', 'Roksana', 'Sara', 'Viktorija',
  ],
  other: [
    'Fatima', 'Sara', 'Maryam', 'Noor', 'Lana', 'Rojin', 'Elif', 'Zeynep', 'Defne', 'Ecem', 'Yasmin', 'Leila', 'Shirin',
    'Ana', 'Beatriz', 'Sofia', 'Valentina', 'Mei', 'Linh', 'Yuki', 'Bridget', 'Kathleen', 'Mary', 'Margaret', 'Shannon',
  ],
};

/** Surnames by background, most common first. */
export const surnames: Record<Background, readonly string[]> = {
  white: [
    'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson',
    'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Jackson',
    'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison',
    'Morgan', 'Allen', 'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths',
    'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy', 'Miller', 'Cox',
    'Richards', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb',
    'Rogers', 'Gray', 'Mason', 'Hunt', 'Palmer', 'Holmes', 'Campbell', 'Mills', 'Barnes', 'Knight', 'Lloyd', 'Butler',
    'Russell', 'Barker', 'Fisher', 'Stevens', 'Jenkins', 'Murray', 'Dixon', 'Harvey', 'Graham', 'Pearson', 'Fletcher', 'Walsh',
    'Gibson', 'Howard', 'Andrews', 'Stewart', 'Elliott', 'Reynolds', 'Saunders', 'Payne', 'Fox', 'Ford', 'Pearce', 'Day',
    'Brooks', 'West', 'Lawrence', 'Cole', 'Atkinson', 'Bradley', 'Spencer', 'Dawson', 'Ball', 'Burton', "O'Brien", 'Watts',
    'Rose', 'Booth', 'Perry', 'Ryan', 'Grant', 'Wells', 'Armstrong', 'Francis', 'Rees', 'Hayes', 'Hart', 'Hudson', 'Newman',
    'Barrett', 'Webster', 'Hunter', 'Gregory', 'Carr', 'Lowe', 'Page', 'Marsh', 'Riley', 'Dunn', 'Woods', 'Parsons', 'Berry',
    'Stone', 'Reid', 'Holland', 'Hawkins', 'Harding', 'Porter', 'Robertson', 'Newton', 'Oliver', 'Reed', 'Kennedy',
    'Williamson', 'Bird', 'Gardner', 'Dean', 'Lane', 'Cooke', 'Bates', 'Henderson', 'Parry', 'Burgess', 'Bishop', 'Walton',
    'Burns', 'Nicholson', 'Shepherd', 'Ross', 'Cross', 'Long', 'Freeman', 'Warren', 'Nicholls', 'Hamilton', 'Byrne', 'Sutton',
    'McDonald', 'Yates', 'Hodgson', 'Robson', 'Curtis', 'Hopkins', "O'Connor", 'Harper', 'Coleman', 'Watkins', 'Moss',
    'McCarthy', 'Chambers', "O'Neill", 'Griffin', 'Sharp', 'Hardy', 'Wheeler', 'Potter', 'Osborne', 'Johnston', 'Gordon',
    'Doyle', 'Wallace', 'George', 'Jordan', 'Hutchinson', 'Rowe', 'Burke', 'May', 'Pritchard', 'Gilbert', 'Willis', 'Higgins',
    'Read', 'Miles', 'Stevenson', 'Stephenson', 'Hammond', 'Arnold', 'Buckley', 'Walters', 'Hewitt', 'Barber', 'Nelson',
    'Slater', 'Austin', 'Sullivan', 'Whitehead', 'Mann', 'Frost', 'Lambert', 'Stephens', 'Blake', 'Lynch', 'Goodwin',
    'Barton', 'Woodward', 'Thomson', 'Cunningham', 'Quinn', 'Barnett', 'Baxter', 'Bibby', 'Clayton', 'Nash', 'Greenwood',
    'Jennings', 'Holt', 'Kemp', 'Poole', 'Gallagher', 'Bond', 'Stokes', 'Tucker', 'Davidson', 'Fowler', 'Heath', 'Norman',
    'Middleton', 'Lawson', 'Banks', 'French', 'Stanley', 'Jarvis', 'Gibbs', 'Ferguson', 'Hayward', 'Carroll', 'Farmer',
    'Pugh', 'Hale', 'Ashworth', 'Whittaker', 'Fitzgerald', 'Bartlett', 'Connolly', 'Haynes', 'Metcalfe', 'Vaughan', 'Dobson',
    'Kirby', 'Lamb', 'Dennis', 'Flynn', 'Bolton', 'Holden', 'Crossley', 'Matthews', 'Mackenzie', 'Owen', 'Pemberton',
    'Rhodes', 'Sanderson', 'Townsend', 'Uttley', 'Vickers', 'Wainwright', 'Ackroyd', 'Bentley', 'Cartwright', 'Duckworth',
    'Entwistle', 'Fairclough', 'Grimshaw', 'Hargreaves', 'Illingworth', 'Kershaw', 'Lockwood', 'Mottram', 'Nuttall',
    'Ormerod', 'Pickering', 'Rawlinson', 'Sowerby', 'Tattersall', 'Whitworth', 'Yardley',
  ],
  southAsian: [
    'Khan', 'Ali', 'Ahmed', 'Hussain', 'Begum', 'Patel', 'Shah', 'Akhtar', 'Iqbal', 'Rahman', 'Islam', 'Mahmood', 'Uddin',
    'Miah', 'Bibi', 'Malik', 'Rashid', 'Singh', 'Kaur', 'Sharma', 'Mistry', 'Parmar', 'Chauhan', 'Gill', 'Sandhu', 'Sidhu',
    'Bains', 'Dhillon', 'Kumar', 'Hassan', 'Mohammed', 'Javed', 'Aziz', 'Anwar', 'Arshad', 'Riaz', 'Yousaf', 'Butt',
    'Chaudhry', 'Rehman', 'Karim', 'Haque', 'Chowdhury', 'Hoque', 'Sultana', 'Khatun', 'Siddiqui', 'Qureshi', 'Bashir',
    'Nawaz', 'Ashraf', 'Saleem', 'Raza', 'Mirza', 'Latif', 'Zaman', 'Hanif', 'Sadiq', 'Naqvi', 'Abbasi', 'Hossain', 'Desai',
    'Joshi', 'Mehta', 'Pandya', 'Solanki', 'Thakkar', 'Lad', 'Bhatti', 'Sohal', 'Johal', 'Grewal', 'Atwal', 'Rana',
  ],
  black: [
    'Okafor', 'Adeyemi', 'Mensah', 'Osei', 'Boateng', 'Owusu', 'Asante', 'Adebayo', 'Okonkwo', 'Eze', 'Nwosu', 'Ogunleye',
    'Olawale', 'Balogun', 'Afolabi', 'Adewale', 'Bello', 'Ibrahim', 'Mohamed', 'Abdi', 'Ahmed', 'Hassan', 'Warsame', 'Farah',
    'Ali', 'Omar', 'Yusuf', 'Jama', 'Abdullahi', 'Campbell', 'Brown', 'Williams', 'Francis', 'Grant', 'Johnson', 'Thomas',
    'Clarke', 'Richards', 'Reid', 'Bailey', 'Lewis', 'Hinds', 'Forbes', 'Gayle', 'McKenzie', 'Henry', 'Bennett', 'Stewart',
    'Morgan', 'Edwards', 'Phillips', 'Samuels', 'Powell', 'Nelson', 'Gordon', 'Kamara', 'Sesay', 'Koroma', 'Bangura',
    'Conteh', 'Diallo', 'Traore', 'Ndlovu', 'Moyo', 'Banda', 'Mwangi', 'Kariuki', 'Achebe', 'Obi', 'Uche', 'Danso', 'Appiah',
  ],
  eastEuropean: [
    'Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański',
    'Woźniak', 'Dąbrowski', 'Kozłowski', 'Mazur', 'Jankowski', 'Kwiatkowski', 'Krawczyk', 'Piotrowski', 'Grabowski',
    'Nowakowski', 'Pawłowski', 'Michalski', 'Popescu', 'Ionescu', 'Popa', 'Pop', 'Stan', 'Dumitru', 'Stoica', 'Munteanu',
    'Radu', 'Kazlauskas', 'Jankauskas', 'Petrauskas', 'Balodis', 'Ozols', 'Horváth', 'Novák', 'Kováč', 'Petrov', 'Ivanov',
    'Dvořák', 'Wróbel', 'Zając', 'Król', 'Wieczorek', 'Jabłoński', 'Majewski', 'Olszewski', 'Stępień', 'Dudek',
  ],
  other: [
    'Yilmaz', 'Kaya', 'Demir', 'Çelik', 'Şahin', 'Aydin', 'Öztürk', 'Arslan', 'Doğan', 'Rahimi', 'Ahmadi', 'Mohammadi',
    'Hosseini', 'Karimi', 'Mustafa', 'Saleh', 'Haddad', 'Nasser', 'Abdullah', 'Hamid', 'Rasul', 'Aziz', 'Amin', 'Hussein',
    'McDonagh', 'Joyce', 'Doherty', 'Maughan', 'Connors', 'Delaney', 'Balog', 'Lakatos', 'Silva', 'Santos', 'Ferreira',
    'Costa', 'Nguyen', 'Tran', 'Chen', 'Wang', 'Li', 'Zhang', 'Pereira', 'Rodrigues', 'Oliveira',
  ],
};

/** The share of each background in a partnership: a rural county and a large city differ. */
export const backgroundMix = {
  county: { white: 0.86, southAsian: 0.06, black: 0.025, eastEuropean: 0.035, other: 0.02 },
  town: { white: 0.72, southAsian: 0.15, black: 0.04, eastEuropean: 0.05, other: 0.04 },
  city: { white: 0.5, southAsian: 0.22, black: 0.14, eastEuropean: 0.06, other: 0.08 },
} as const satisfies Record<string, Record<Background, number>>;

/**
 * Given-name variant groups: `formal` spellings (any may be a child's real name) and `short` forms (nicknames,
 * diminutives). A record's "spelling variant" is another formal spelling; a "nickname" is a move between formal
 * and short. A name may sit in several groups (Alex: Alexander and Alexandra).
 */
export const givenNameGroups: readonly { formal: readonly string[]; short: readonly string[] }[] = [
  { formal: ['William'], short: ['Will', 'Bill', 'Billy', 'Liam', 'Willie'] },
  { formal: ['Mohammed', 'Muhammad', 'Mohamed', 'Mohammad', 'Muhammed', 'Mohamad', 'Mohammod', 'Mahammad'], short: ['Md', 'Mo', 'Moe'] },
  { formal: ['Alexander', 'Aleksander', 'Alexandru'], short: ['Alex', 'Alec', 'Xander', 'Sandy', 'Olek'] },
  { formal: ['Alexandra', 'Aleksandra'], short: ['Alex', 'Lexi', 'Lexie', 'Alexa', 'Sandra', 'Ola'] },
  { formal: ['Katherine', 'Catherine', 'Kathryn', 'Katharine', 'Kathleen'], short: ['Katie', 'Kate', 'Kat', 'Cathy', 'Kathy', 'Katy'] },
  { formal: ['Jonathan', 'Johnathan', 'Jonathon'], short: ['Jon', 'Jonny', 'Johnny', 'John'] },
  { formal: ['Elizabeth', 'Elisabeth'], short: ['Liz', 'Lizzie', 'Beth', 'Eliza', 'Libby', 'Betsy'] },
  { formal: ['Thomas', 'Tomas'], short: ['Tom', 'Tommy'] },
  { formal: ['James'], short: ['Jim', 'Jimmy', 'Jamie'] },
  { formal: ['Joseph'], short: ['Joe', 'Joey'] },
  { formal: ['Daniel'], short: ['Dan', 'Danny'] },
  { formal: ['Matthew', 'Mathew', 'Mateusz'], short: ['Matt', 'Matty'] },
  { formal: ['Christopher', 'Kristopher', 'Krzysztof'], short: ['Chris', 'Kit', 'Kris'] },
  { formal: ['Michael', 'Micheal', 'Michał'], short: ['Mike', 'Mikey', 'Mick'] },
  { formal: ['Robert'], short: ['Rob', 'Bob', 'Bobby', 'Robbie'] },
  { formal: ['Richard'], short: ['Rich', 'Rick', 'Ricky', 'Richie'] },
  { formal: ['Samuel'], short: ['Sam', 'Sammy'] },
  { formal: ['Samantha'], short: ['Sam', 'Sammie', 'Sammi'] },
  { formal: ['Benjamin'], short: ['Ben', 'Benji', 'Benny'] },
  { formal: ['Nathaniel', 'Nathanial'], short: ['Nate', 'Nathan', 'Nat'] },
  { formal: ['Joshua'], short: ['Josh'] },
  { formal: ['Edward'], short: ['Ed', 'Eddie', 'Ted', 'Teddy'] },
  { formal: ['Frederick', 'Frederic'], short: ['Fred', 'Freddie', 'Freddy'] },
  { formal: ['Alfred'], short: ['Alfie', 'Alf'] },
  { formal: ['Charles'], short: ['Charlie', 'Chas', 'Chaz'] },
  { formal: ['Henry'], short: ['Harry', 'Hal'] },
  { formal: ['Anthony', 'Antony', 'Antoni'], short: ['Tony', 'Ant', 'Antek'] },
  { formal: ['Nicholas', 'Nicolas'], short: ['Nick', 'Nicky'] },
  { formal: ['Zachary', 'Zachery', 'Zakariya', 'Zakaria'], short: ['Zach', 'Zac', 'Zack', 'Zak'] },
  { formal: ['Jacob', 'Jakub', 'Jakob'], short: ['Jake', 'Kuba'] },
  { formal: ['Oliver', 'Oliwer'], short: ['Ollie', 'Olly'] },
  { formal: ['Theodore'], short: ['Theo', 'Teddy'] },
  { formal: ['Sebastian'], short: ['Seb', 'Sebby'] },
  { formal: ['Callum', 'Calum'], short: ['Cal'] },
  { formal: ['Kieran', 'Kieron', 'Ciaran', 'Keiran'], short: [] },
  { formal: ['Aiden', 'Aidan', 'Ayden', 'Aydan'], short: [] },
  { formal: ['Jayden', 'Jaden', 'Jaiden', 'Jaydon', 'Jaydan'], short: ['Jay'] },
  { formal: ['Connor', 'Conor', 'Konnor'], short: [] },
  { formal: ['Reece', 'Rhys', 'Reese'], short: [] },
  { formal: ['Lewis', 'Louis', 'Louie'], short: ['Lou'] },
  { formal: ['Stephen', 'Steven'], short: ['Steve', 'Stevie'] },
  { formal: ['Isaac', 'Izaak', 'Isaak'], short: ['Izzy'] },
  { formal: ['Olivia', 'Oliwia'], short: ['Liv', 'Livvy', 'Livia'] },
  { formal: ['Amelia', 'Emilia'], short: ['Millie', 'Milly', 'Amy', 'Mia'] },
  { formal: ['Isabella', 'Isabelle', 'Isobel', 'Isabel'], short: ['Bella', 'Izzy', 'Issy', 'Belle'] },
  { formal: ['Sophie', 'Sophia', 'Sofia', 'Zofia'], short: ['Soph'] },
  { formal: ['Emily'], short: ['Em', 'Emmy', 'Emmie'] },
  { formal: ['Jessica'], short: ['Jess', 'Jessie'] },
  { formal: ['Rebecca'], short: ['Becky', 'Becca', 'Bex'] },
  { formal: ['Abigail'], short: ['Abbie', 'Abby', 'Abi'] },
  { formal: ['Victoria', 'Wiktoria', 'Viktorija'], short: ['Vicky', 'Tori', 'Vikki'] },
  { formal: ['Charlotte'], short: ['Charlie', 'Lottie', 'Lotte'] },
  { formal: ['Eleanor', 'Elinor', 'Eleanore'], short: ['Ellie', 'Nell', 'Nelly', 'Elle'] },
  { formal: ['Madison', 'Maddison', 'Madeleine', 'Madeline'], short: ['Maddie', 'Maddy'] },
  { formal: ['Hannah', 'Hana', 'Hanna'], short: [] },
  { formal: ['Leah', 'Lea', 'Leia'], short: [] },
  { formal: ['Megan', 'Meghan', 'Meg'], short: [] },
  { formal: ['Caitlin', 'Kaitlyn', 'Katelyn', 'Caitlyn'], short: ['Cait'] },
  { formal: ['Zoe', 'Zoey', 'Zoë'], short: [] },
  { formal: ['Grace'], short: ['Gracie'] },
  { formal: ['Georgia', 'Georgina'], short: ['Georgie', 'George'] },
  { formal: ['Ayesha', 'Aisha', 'Aysha', 'Ayeisha', 'Aishah'], short: [] },
  { formal: ['Fatima', 'Fatimah', 'Fatma'], short: [] },
  { formal: ['Zainab', 'Zaynab', 'Zeinab'], short: [] },
  { formal: ['Maryam', 'Mariam', 'Miriam', 'Mariyam'], short: [] },
  { formal: ['Amira', 'Ameera', 'Amirah'], short: [] },
  { formal: ['Sara', 'Sarah'], short: [] },
  { formal: ['Holly', 'Hollie'], short: [] },
  { formal: ['Kayleigh', 'Kayley', 'Kaylee', 'Kayla'], short: [] },
  { formal: ['Natasha'], short: ['Tasha'] },
  { formal: ['Gabriella', 'Gabrielle', 'Gabriela'], short: ['Gabby', 'Gabi', 'Ella'] },
  { formal: ['Lily', 'Lilly', 'Lillie', 'Lili'], short: [] },
  { formal: ['Evelyn', 'Evelin'], short: ['Evie', 'Eve'] },
  { formal: ['Molly', 'Mollie'], short: [] },
  { formal: ['Amy', 'Aimee', 'Amie'], short: [] },
  { formal: ['Tegan', 'Teagan', 'Teigan'], short: [] },
  { formal: ['Danielle', 'Daniela'], short: ['Dani'] },
  { formal: ['Ahmed', 'Ahmad', 'Ahmet'], short: [] },
  { formal: ['Hussain', 'Husain', 'Hussein'], short: [] },
  { formal: ['Hassan', 'Hasan'], short: [] },
  { formal: ['Abdullah', 'Abdallah'], short: ['Abdi'] },
  { formal: ['Abdirahman', 'Abdulrahman', 'Abdur-Rahman'], short: ['Abdi'] },
  { formal: ['Abdullahi'], short: ['Abdi'] },
  { formal: ['Ibrahim', 'Ebrahim', 'Ibraheem'], short: [] },
  { formal: ['Yusuf', 'Yousuf', 'Yousef', 'Youssef', 'Yusef'], short: [] },
  { formal: ['Omar', 'Umar'], short: [] },
  { formal: ['Usman', 'Osman', 'Uthman'], short: [] },
  { formal: ['Zain', 'Zayn', 'Zane'], short: [] },
  { formal: ['Ayaan', 'Ayan', 'Aayan'], short: [] },
  { formal: ['Rayyan', 'Rayan', 'Raiyan'], short: [] },
  { formal: ['Hamza', 'Hamzah'], short: [] },
  { formal: ['Haris', 'Harris'], short: [] },
  { formal: ['Ismail', 'Ismael', 'Esmail'], short: [] },
  { formal: ['Mohamud', 'Mahamoud', 'Mahmoud', 'Mahmood'], short: [] },
  { formal: ['Oluwaseun'], short: ['Seun', 'Shaun'] },
  { formal: ['Oluwatobi'], short: ['Tobi', 'Toby'] },
  { formal: ['Chukwuemeka'], short: ['Emeka'] },
  { formal: ['Adebayo'], short: ['Bayo'] },
  { formal: ['Oluwadamilola'], short: ['Dami', 'Damilola'] },
  { formal: ['Temitope'], short: ['Temi', 'Tope'] },
  { formal: ['Tiwalola'], short: ['Tiwa'] },
  { formal: ['Jerome', 'Jerrome'], short: ['Jez'] },
  { formal: ['Tyrese', 'Tyreese', 'Tyreece'], short: ['Ty'] },
  { formal: ['Tyrell', 'Tyrel'], short: ['Ty'] },
  { formal: ['Franciszek'], short: ['Franek'] },
  { formal: ['Wojciech'], short: ['Wojtek'] },
  { formal: ['Maksymilian', 'Maximilian'], short: ['Max', 'Maks'] },
  { formal: ['Zuzanna', 'Susanna'], short: ['Zuzia', 'Zuza'] },
  { formal: ['Natalia', 'Natalie'], short: ['Nat'] },
  { formal: ['Maja', 'Maya', 'Mya'], short: [] },
  { formal: ['Weronika', 'Veronika', 'Veronica'], short: ['Nika'] },
  { formal: ['Andrei', 'Andrej', 'Andrew', 'Andrzej'], short: ['Andy', 'Drew'] },
  { formal: ['Ionuț', 'Ionut'], short: [] },
  { formal: ['Lukas', 'Łukasz', 'Lucas', 'Lukasz'], short: ['Luke'] },
  { formal: ['Darius', 'Dariusz'], short: [] },
  { formal: ['Szymon', 'Simon'], short: [] },
  { formal: ['Kacper', 'Kasper', 'Casper'], short: [] },
];

/** Surname spelling variants (a record may hold another spelling of the same family name). */
export const surnameGroups: readonly (readonly string[])[] = [
  ['Thompson', 'Thomson', 'Tomson'],
  ['Clarke', 'Clark'],
  ['Davies', 'Davis', 'Davys'],
  ['Phillips', 'Philips'],
  ['Hussain', 'Hussein', 'Husain', 'Hossain'],
  ['Mohammed', 'Mohamed', 'Muhammad', 'Mohammad'],
  ['Ahmed', 'Ahmad'],
  ['Chowdhury', 'Choudhury', 'Chaudhry', 'Chaudhary'],
  ['Rahman', 'Rehman'],
  ['Mahmood', 'Mahmud', 'Mehmood'],
  ['Stephenson', 'Stevenson'],
  ['Matthews', 'Mathews'],
  ['Reid', 'Reed', 'Read'],
  ['Gray', 'Grey'],
  ['Lee', 'Leigh', 'Li'],
  ['Mackenzie', 'McKenzie', 'MacKenzie'],
  ['McDonald', 'Macdonald', 'MacDonald'],
  ["O'Neill", "O'Neil", 'ONeill'],
  ["O'Brien", 'OBrien', 'O Brien'],
  ["O'Connor", 'OConnor', 'Connor'],
  ['Haque', 'Hoque', 'Huq'],
  ['Miah', 'Mia', 'Meah'],
  ['Uddin', 'Udin'],
  ['Abdi', 'Abdie'],
  ['Yousaf', 'Yusuf', 'Yousuf'],
  ['Chaudhry', 'Choudhry'],
  ['Stephens', 'Stevens'],
  ['Nicholls', 'Nichols'],
  ['Griffiths', 'Griffith'],
  ['Hodgson', 'Hodgeson'],
  ['Ashworth', 'Ashwort'],
  ['Khan', 'Kahn'],
  ['Begum', 'Begam'],
  ['Kaur', 'Kour'],
  ['Nguyen', 'Nguyn'],
];

/** Syllables for the long tail of British surnames (the generator joins a head and a tail: "Thornley"). */
export const surnameHeads: readonly string[] = [
  'Ash', 'Bar', 'Bram', 'Brook', 'Cal', 'Carr', 'Cold', 'Crom', 'Dal', 'Dun', 'El', 'Fairn', 'Fen', 'Frith', 'Gar', 'Glen',
  'Hal', 'Hart', 'Hind', 'Holl', 'Ing', 'Kel', 'Kirk', 'Lang', 'Lind', 'Mar', 'Mill', 'Nor', 'Oak', 'Pen', 'Rad', 'Rook',
  'Sal', 'Stan', 'Stock', 'Thorn', 'Ul', 'Whit', 'Wyn', 'Yar', 'Bell', 'Dray', 'Orm', 'Skel', 'Wins', 'Ather', 'Black', 'Bur',
];
export const surnameTails: readonly string[] = [
  'bury', 'by', 'combe', 'croft', 'dale', 'den', 'field', 'ford', 'gate', 'grave', 'hay', 'hurst', 'ington', 'ley', 'low',
  'mere', 'more', 'shaw', 'stead', 'stow', 'thwaite', 'ton', 'well', 'wick', 'wood', 'worth', 'brook', 'cott', 'holme', 'lock',
];

/** Street names (nicknames used on the street) children are known by in exploitation records. */
export const streetNames: readonly string[] = [
  'Tiny', 'Lil K', 'Smokey', 'Ghost', 'Bugsy', 'Shadow', 'Skinny', 'Blade', 'Kid', 'Youngz', 'Lil T', 'Dots', 'Flash',
  'Snoopy', 'Ratty', 'Spider', 'Chips', 'Milky', 'Bones', 'Stretch', 'Junior', 'Sparks', 'Biggie', 'Chunky', 'Red', 'Blue',
  'Wiz', 'Scrappy', 'Taz', 'Tank', 'Pebbles', 'Princess', 'Babygirl', 'Sunny', 'Cookie', 'Dolly', 'Kitty', 'Foxy', 'Rocky',
  'Ace', 'Jay-Z', 'Mouse', 'Rambo', 'Digger', 'Nugget', 'Peanut', 'Slim', 'Trigger', 'Zippy', 'Dex',
];

/** Roads (for the junk an aliases field collects: an address typed in the wrong box). */
export const roadNames: readonly string[] = [
  'Station Road', 'High Street', 'Church Lane', 'Mill Lane', 'Park Avenue', 'Victoria Road', 'Green Lane', 'Manor Road',
  'Queens Road', 'New Street', 'School Lane', 'The Crescent', 'Kings Road', 'Grange Road', 'London Road', 'North Street',
];

/**
 * Real UK postcode areas (the letters of an outward code). A partnership's districts are real-shaped outward codes
 * on one of these areas (for example "ST4"); the inward code of every generated postcode is made up.
 */
export const postcodeAreas: readonly string[] = [
  'B', 'M', 'L', 'LS', 'S', 'BD', 'NG', 'LE', 'CV', 'ST', 'WV', 'WS', 'DY', 'SK', 'OL', 'BL', 'WN', 'WA', 'PR', 'BB', 'FY',
  'LA', 'CA', 'NE', 'SR', 'DH', 'DL', 'TS', 'HU', 'YO', 'HG', 'HD', 'HX', 'WF', 'DN', 'LN', 'PE', 'NR', 'IP', 'CB', 'CO',
  'CM', 'SS', 'RM', 'IG', 'E', 'N', 'NW', 'SE', 'SW', 'W', 'EN', 'HA', 'UB', 'TW', 'KT', 'CR', 'SM', 'BR', 'DA', 'ME', 'CT',
  'TN', 'RH', 'BN', 'GU', 'PO', 'SO', 'BH', 'SP', 'SN', 'BA', 'BS', 'TA', 'EX', 'TQ', 'PL', 'TR', 'DT', 'GL', 'HR', 'WR',
  'TF', 'SY', 'LD', 'LL', 'CH', 'CW', 'DE', 'NN', 'MK', 'LU', 'AL', 'SG', 'HP', 'SL', 'RG', 'OX', 'WD', 'NP', 'CF', 'SA',
  'EH', 'G', 'KA', 'ML', 'PA', 'FK', 'KY', 'DD', 'AB', 'IV', 'PH', 'DG', 'TD',
];

/** Letters used in an inward code's last two places (Royal Mail leaves out C, I, K, M, O and V). */
export const inwardLetters = 'ABDEFGHJLNPQRSTUWXYZ';

/** A QWERTY keyboard's neighbouring keys, for typing slips. */
export const keyboardNeighbours: Record<string, string> = {
  q: 'wa', w: 'qes', e: 'wrd', r: 'etf', t: 'ryg', y: 'tuh', u: 'yij', i: 'uok', o: 'ipl', p: 'ol',
  a: 'qsz', s: 'awdz', d: 'sefx', f: 'drgc', g: 'fthv', h: 'gyjb', j: 'hukn', k: 'jilm', l: 'kop',
  z: 'asx', x: 'zsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
};
